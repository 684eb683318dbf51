import math
from collections import Counter

from newsdesk.cluster import TrendDetector, TrendOptions, related_articles, top_stories
from newsdesk.cluster.rank import log_tf
from newsdesk.model import Story, StoryDoc


def story(sid, members, outlets, last):
    return Story(sid, members, members[0], None, last, outlets, len(members))


def test_top_stories_rank_by_breadth_freshness_growth():
    now = "2025-03-01T12:00:00Z"
    pub = {"a1": "2025-03-01T11:00:00Z", "a2": "2025-03-01T11:30:00Z", "a3": "2025-03-01T11:45:00Z",
           "b1": "2025-02-28T10:00:00Z", "b2": "2025-02-28T11:00:00Z", "b3": "2025-02-28T12:00:00Z",
           "c1": "2025-03-01T11:00:00Z", "c2": "2025-03-01T11:10:00Z", "c3": "2025-03-01T11:20:00Z"}
    ranked = top_stories(
        [story("broad", ["a1", "a2", "a3"], ["X", "Y", "Z"], pub["a3"]),
         story("stale", ["b1", "b2", "b3"], ["X", "Y", "Z"], pub["b3"]),
         story("narrow", ["c1", "c2", "c3"], ["X"], pub["c3"])],
        now=now, published=pub, prominence={"a1": 1.0},
    )
    assert [r.story_id for r in ranked] == ["broad", "narrow", "stale"]
    top = ranked[0]
    assert top.outlets == 3 and top.coverage == 3 and top.freshness > 0.9 and top.growth == 3.0
    assert 0 < top.prominence < 1
    assert ranked[2].freshness < 0.3


def test_related_same_story_first_then_section():
    t = StoryDoc("t", ["boat", "strike"], ["venezuela", "boat", "strike"], section="World")
    pool = [StoryDoc("s1", ["boat"], ["boat"], published="2025-01-01T00:00:00Z", section="World"),
            StoryDoc("s2", ["boat"], ["boat"], published="2025-01-02T00:00:00Z", section="World"),
            StoryDoc("w", ["venezuela", "oil"], ["venezuela", "oil", "strike"], section="World"),
            StoryDoc("x", ["venezuela", "oil"], ["venezuela", "oil", "strike"], section="Business"),
            StoryDoc("y", ["cricket"], ["cricket"], section="World")]
    rel = related_articles(t, ["t", "s1", "s2"], pool, df={"venezuela": 2, "oil": 2}, docs=10)
    assert [r[0] for r in rel] == ["s2", "s1", "w"]
    assert rel[0][1] == "same story" and rel[2][1] == "similar in World"


def test_related_scores_are_the_same_with_term_frequencies_kept_by_the_caller():
    import random

    rng = random.Random(3)
    words = [f"w{i}" for i in range(30)]
    docs = [StoryDoc(f"d{i}", rng.sample(words, 3), [rng.choice(words) for _ in range(rng.randint(0, 25))],
                     section="World") for i in range(60)]
    target, pool = docs[0], docs[1:]
    df = {w: rng.randint(0, 40) for w in words}
    plain = related_articles(target, [], pool, df=df, docs=80, limit=20, min_similarity=0.0)
    kept = related_articles(target, [], pool, df=df, docs=80, limit=20, min_similarity=0.0,
                            tfs={d.doc_id: log_tf(d) for d in docs})
    assert kept == plain and len(plain) == 20

    def vec(d):  # the cosine as first written: whole normalised vectors, absent terms as 0.0
        tf = Counter(d.terms)
        for t in dict.fromkeys(d.title_terms):
            tf[t] += 2
        v = {t: (1 + math.log(c)) * (math.log(81 / (df.get(t, 0) + 1)) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items()}

    tv = vec(target)
    ref = sorted(((sum(x * vec(d).get(t, 0.0) for t, x in tv.items()), d.doc_id) for d in pool), reverse=True)
    assert [(d, round(s, 4)) for s, d in ref[:20]] == [(d, s) for d, _, s in plain]


def test_trending_needs_a_rise_above_own_baseline():
    t = TrendDetector(TrendOptions(bucket_hours=1))
    for h in range(100):
        t.observe(h, [("entity", "steady", "Steady")] * 1 + [("entity", "steady", "Steady")], "World")
        for _ in range(3):
            t.observe(h + 0.5, [("entity", "steady", "Steady")], "World")
    for _ in range(8):
        t.observe(100.2, [("phrase", "h-1b visa", "H-1B visa"), ("entity", "steady", "Steady")], "World")
    for _ in range(5):
        t.observe(100.3, [("entity", "unga", "UNGA")], None)
    overall = t.trending(100.5)
    keys = [x.key for x in overall]
    assert keys[:2] == ["h-1b visa", "unga"] and "steady" not in keys
    assert overall[0].recent == 8 and overall[0].baseline == 0
    world = [x.key for x in t.trending(100.5, section="World")]
    assert world == ["h-1b visa"]
    t2 = TrendDetector.from_state(t.state(), TrendOptions(bucket_hours=1))
    assert [x.key for x in t2.trending(100.5)] == keys
