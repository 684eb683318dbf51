"""The story clusterer's further looks: a document is placed again ``reassign_after`` arrivals later, and again.

``second_look(c)`` runs once per arrival on a ``StoryClusterer`` ``c`` (its ``revisit`` queue and
``later`` heap); ``move`` takes a document from one live story to another. Split from ``stories`` for
size; the clusterer's own helpers (``_best``, ``_similarity``, ``_attach``...) do the scoring and
bookkeeping.
"""

from __future__ import annotations

import heapq
from collections import Counter
from typing import Any

from ..model import StoryDoc
from .storyparts import LiveStory, Move, Revisit, forget_join, note_join, retime
from .vectors import add_into


def due_looks(c: Any) -> list[Revisit]:
    """The documents whose next look is due: first looks (``revisit``, in arrival order), then later ones."""
    o = c.options
    out: list[Revisit] = []
    while c.revisit and c.arrivals - c.revisit[0].tick >= o.reassign_after:
        out.append(c.revisit.popleft())
    while c.later and c.later[0][0] <= c.arrivals:
        out.append(heapq.heappop(c.later)[2])
    return out


def second_look(c: Any) -> None:
    """Look again, ``reassign_after`` arrivals on: move a document when another story fits it better.

    Early on a story's centroid is one or two articles and the term statistics are young, so an
    article can join a story that later drifts the other way, or be first of a story that a
    better one overtook (streaming clusterers such as MStream re-pass recent documents for this).
    The document is scored against its own story without itself and against the other
    candidates; it moves when another story reaches its join bar (``StoryClusterer._join_bar``)
    and beats its own. With ``look_again``, it is looked at again while its story is live, each
    look twice as many arrivals after the previous one (after 1, 3, 7, 15... x ``reassign_after``):
    the neighbourhood keeps maturing, and the doubling keeps the looks per document logarithmic in
    the arrivals over a story's life.
    A document alone in its story leaves by a merge (``drain_merges``), others by a move
    (``drain_moves``). Documents in operator-pinned stories stay. About one due first look per
    arrival (each arrival queues one), plus the later ones, so the cost per article stays flat
    as the store grows.
    """
    for r in due_looks(c):
        _take(c, r)


def _take(c: Any, r: Revisit) -> bool:
    """Take the look ``r`` (and queue the next, with ``look_again``); False when its document is in a
    closed story, gone with one, or placed by an operator."""
    o = c.options
    story = c.live.get(c.doc_story.get(r.doc_id, ""))
    if story is None or story.pinned or r.doc_id not in story.vectors:
        return False
    if o.look_again:
        nxt = r._replace(looks=r.looks + 1)
        heapq.heappush(c.later, (c.arrivals + o.reassign_after * 2 ** nxt.looks, r.doc_id, nxt))
    _look(c, r, story)
    return True


def settle(c: Any) -> int:
    """The stream has ended: every document still waiting for its first look gets it now, in arrival order.

    A look waits ``reassign_after`` arrivals so that the neighbourhood matures; at the end of a
    finite corpus (``newsdesk cluster`` over a file) no more arrivals will come, and a corpus
    shorter than ``reassign_after`` would otherwise give none of its documents a second look (ECB+
    dev, 496 articles: 20 singletons on seed 0 that score .3-.48 against their own event's story
    once it has formed). Further looks (``look_again``) are queued as usual. Returns the looks taken.
    """
    taken = 0
    while c.revisit:
        taken += _take(c, c.revisit.popleft())
    return taken


def _look(c: Any, r: Revisit, story: LiveStory) -> None:
    """One look at a live document ``r`` in ``story``: move it when another story fits it better."""
    o = c.options
    vec = story.vectors[r.doc_id]
    people = dict.fromkeys(r.people, 1)
    if len(story.members) > 1:
        rest = LiveStory(sid=story.sid, centroid=dict(story.centroid), first_t=story.first_t,
                         last_t=story.last_t, members=[m for m in story.members if m != r.doc_id],
                         vectors=story.vectors, ent_views=story.ent_views)
        add_into(rest.centroid, vec, -1.0)
        others = Counter(story.people)
        others.subtract(people)
        own = c._similarity(vec, rest, r.t) * c._actors(people, +others)
    else:
        own = 0.0
    best, score = c._best(vec, r.t, people, skip=story.sid)
    if best is None or score < c._join_bar(best, c._best_ents is not None) or score <= own:
        return
    if len(story.members) == 1:
        c._absorb(best, story)
        c._redirect(story.sid, best.sid)
        c._merges.append((story.sid, best.sid))
    else:
        move(c, r, vec, story, best)
        if score >= o.join_threshold:
            note_join(best, r.doc_id, score)
        c._moves.append(Move(r.doc_id, story.sid, best.sid, round(score, 4)))


def move(c: Any, r: Revisit, vec: dict[str, float], src: LiveStory, dst: LiveStory) -> None:
    """Take a document out of ``src`` (counts, centroid, index) and attach it to ``dst``.

    The source's timeline (first and last time, first report) is recomputed from the members
    that stay (``retime``).
    """
    src.members.remove(r.doc_id)
    del src.vectors[r.doc_id]
    src.ent_views.pop(r.doc_id, None)
    forget_join(src, r.doc_id)
    add_into(src.centroid, vec, -1.0)
    ents = [k[1:] for k in vec if k[0] == "@"]
    outlets = [r.source] if r.source else []
    for counter, keys in ((src.people, r.people), (src.entities, ents), (src.outlets, outlets)):
        counter.subtract(keys)
        for k in keys:
            if counter[k] <= 0:
                del counter[k]
    for k in vec:
        if k[0] != "@" and k not in src.centroid and c.sf.get(k, 0) > 1:
            c.sf[k] -= 1  # no longer used by the source story
    src.times.pop(r.doc_id, None)
    retime(src)
    c._reindex(src)
    c.sf.update(k for k in vec if k[0] != "@" and k not in dst.centroid)
    doc = StoryDoc(r.doc_id, entities=ents, published=r.published, source=r.source, people=list(r.people))
    c._attach(dst, doc, vec, r.t)
