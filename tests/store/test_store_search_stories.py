"""Search (FTS5), enrichment, near-duplicates, stories with sticky operator edits, accounts."""

from __future__ import annotations

import pytest

from newsdesk.errors import ConfigError, StoreError
from newsdesk.model import Article, Enrichment, Entity
from newsdesk.store import SearchFilters, open_store
from newsdesk.store.search import fts_query


@pytest.fixture
def store(db_url):
    s = open_store(path=db_url)
    yield s
    s.close()


def add(store, i, title, body, site="Paper", section="World", published=None):
    return store.upsert_article(Article(title=title, body=body, url=f"https://{site.lower()}.example/{i}",
                                        site_name=site, section=section, description=f"standfirst {i}",
                                        published=published)).article_id


def test_search_ranks_title_and_marks_snippets(store):
    a = add(store, 1, "Volcano erupts near the capital", "Ash fell on the city. " * 20)
    b = add(store, 2, "Markets calm", "Traders ignored the volcano news and bought shares. " + "Prices held. " * 30, section="Business")
    hits = store.search("volcano")
    assert [h.article_id for h in hits] == [a, b]
    assert "<mark>" in hits[0].snippet or "<mark>" in store.search("ash")[0].snippet
    assert [h.article_id for h in store.search("volcano", SearchFilters(section="Business"))] == [b]
    assert store.count_search("volcano") == 2
    assert [h.article_id for h in store.search('"bought shares"')] == [b]
    assert [h.article_id for h in store.search("volc*")] == [a, b]


def test_optimize_search_index_keeps_every_answer(store):
    """Merging the full-text index (FTS5 segments / the GIN pending list) changes speed, not results."""
    for i in range(40):  # one transaction each: as many segments as writes
        add(store, i, f"Report {i} on the volcano" if i % 3 else f"Markets {i}", "Ash fell and shares rose. " * (1 + i % 5),
            section="World" if i % 2 else "Business")
    queries = ["volcano", "shares", "ash volcano", '"shares rose"', "volc*", "markets"]

    def answers():
        return [(store.search_ranked(qq, None, 20, 0), store.search_ranked(qq, SearchFilters(section="World"), 5, 5),
                 store.count_search(qq, cap=1000)) for qq in queries]

    before = answers()
    store.optimize_search_index()
    assert answers() == before and before[0][2] == 26


def test_optimize_search_index_leaves_a_gin_it_does_not_own_to_autovacuum(store, monkeypatch):
    """PostgreSQL lets only the index's owner clean its pending list: another role's store logs and
    goes on; any other failure is still an error."""
    if getattr(store, "dialect", "sqlite") != "postgresql":
        pytest.skip("PostgreSQL's GIN pending list only")
    from psycopg.errors import InsufficientPrivilege

    def refuse(exc):
        def rows(sql, params=()):
            try:
                raise exc
            except Exception as cause:
                raise StoreError(f"store read failed: {cause}") from cause
        return rows

    monkeypatch.setattr(store, "_rows", refuse(InsufficientPrivilege("must be owner of index articles_fts_gin")))
    store.optimize_search_index()
    monkeypatch.setattr(store, "_rows", refuse(RuntimeError("connection lost")))
    with pytest.raises(StoreError):
        store.optimize_search_index()


@pytest.mark.parametrize("evil", ['"', "' OR 1=1 --", "NEAR(", "title:x", "*", "a AND OR NOT", "\x00", "(((", "🙂"])
def test_search_input_never_breaks(store, evil):
    add(store, 1, "Quiet day", "Nothing happened. " * 20)
    assert isinstance(store.search(evil), list)


def test_snippet_escapes_html(store):
    add(store, 1, "Tags", "The page said <script>alert(1)</script> about elections. " * 5)
    snip = store.search("elections")[0].snippet
    assert "<script>" not in snip and "&lt;script&gt;" in snip


def test_fts_query_quotes_everything():
    assert fts_query('obama "white house" vis*') == '"obama" "white house" "vis"*'
    assert fts_query("  ") is None


def test_enrichment_entities_keywords_shorts(store):
    a = add(store, 1, "Maduro speaks", "Nicolás Maduro said. " * 20)
    b = add(store, 2, "Maduro again", "Maduro said more. " * 20)
    m = Entity(name="Nicolás Maduro", norm="nicolas maduro", kind="person", count=3)
    store.save_enrichment(a, Enrichment(language="en", section="Politics", section_source="classifier", entities=[m],
                                        keywords=["maduro"], short="Maduro said.", short_sources=[(0, 12)]))
    store.save_enrichment(b, Enrichment(entities=[Entity("Maduro", "nicolas maduro", "person")]))
    e = store.get_entity("nicolas maduro")
    assert e.name == "Nicolás Maduro" and e.articles == 2
    assert {x.id for x in store.entity_articles(e.id)} == {a, b}
    assert store.top_entities()[0].id == e.id
    got = store.get_article(a)
    assert got.article.language == "en" and got.article.section == "Politics" and got.section_source == "classifier"
    assert store.article_keywords(a) == [("maduro", 1.0)]
    assert store.get_short(a).text == "Maduro said." and store.get_short(a).sources == [(0, 12)]
    assert [s.id for s, _ in store.latest_shorts()] == [a]
    assert [h.article_id for h in store.search("said", SearchFilters(entity_id=e.id))] != []
    # an operator's section sticks against later enrichment
    store.set_article_fields(a, section="World", section_source="operator")
    store.save_enrichment(a, Enrichment(section="Business"))
    assert store.get_article(a).article.section == "World"


def test_duplicate_groups_fold(store):
    ids = [add(store, i, f"Wire {i}", f"wire copy {i} " * 40, site=f"S{i}") for i in range(4)]
    g1 = store.save_duplicates(ids[0], {ids[1]: 0.95})
    g2 = store.save_duplicates(ids[0], {ids[2]: 0.9, ids[1]: 0.97})
    assert g1 == g2
    assert store.duplicates_of(ids[2]) == (ids[0], sorted(ids[:3]))
    assert store.duplicates_of(ids[3]) == (None, [])


def test_stories_merge_split_stick(store):
    ids = [add(store, i, f"Quake {i}", f"quake report {i} " * 40, site=f"Out{i % 3}",
               published=f"2026-02-0{i + 1}T00:00:00Z") for i in range(6)]
    s1 = store.create_story("Quake")
    s2 = store.create_story("Aftershock")
    for i in ids[:4]:
        store.assign_story(i, s1, {"terms": ["quake"]})
    for i in ids[4:]:
        store.assign_story(i, s2, {"entities": ["X"]})
    st = store.story(s1)
    assert st.size == 4 and st.outlets == 3 and st.first_seen == "2026-02-01T00:00:00Z"
    assert st.members[0].reason == {"terms": ["quake"]}
    store.merge_stories(s1, [s2], actor="admin")
    assert store.story(s2).id == s1 and store.story(s1).size == 6
    # the clusterer cannot pull an operator-merged member out again
    s3 = store.create_story("Elsewhere")
    assert store.assign_story(ids[5], s3) is False and store.story_of(ids[5]) == s1
    # assigning to the merged-away story lands in the survivor
    extra = add(store, 9, "Quake 9", "quake late " * 40)
    store.assign_story(extra, s2)
    assert store.story_of(extra) == s1
    new = store.split_story(s1, [ids[4], ids[5]], actor="admin", title="Aftershock")
    assert store.story(new).size == 2 and store.story(new).title_locked
    assert store.assign_story(ids[4], s1) is False
    store.update_story(s1, title="Big quake", pinned=True)
    store.update_story(s1, auto_title="quake quake")
    st = store.story(s1)
    assert st.title == "Big quake" and st.pinned
    assert store.stories()[0].id == s1
    store.update_story(new, hidden=True)
    assert new not in [s.id for s in store.stories()]
    assert [o["op"] for o in store.story_ops()] == ["merge", "split", "title", "pinned", "hidden"]
    with pytest.raises(StoreError):
        store.split_story(s1, [999])


def test_story_figures_stay_the_members_recount(store):
    """Joins count incrementally; moves, updates of a member's time or outlet recount: after every step
    the story's size, outlets, first and last time are what a recount of its members gives."""
    from newsdesk.store.stories import refresh_story

    def figures(sid):
        st = store.story(sid, members=False)
        return st.size, st.outlets, st.first_seen, st.last_update

    def check(*sids):
        for sid in sids:
            got = figures(sid)
            with store.batch():
                with store._tx() as c:
                    refresh_story(c, sid)
            assert figures(sid) == got

    times = ["2026-02-05T00:00:00Z", "2026-02-02T00:00:00Z", "2026-02-09T00:00:00Z", None, "2026-02-01T00:00:00Z"]
    ids = [add(store, i, f"Flood {i}", f"flood report {i} " * 40, site=f"Out{i % 2}", published=t)
           for i, t in enumerate(times)]
    a, b = store.create_story("Flood", "2026-03-01T00:00:00Z"), store.create_story("Other")
    for i in ids:
        store.assign_story(i, a)
        check(a)
    assert figures(a)[:3] == (5, 2, "2026-02-01T00:00:00Z")
    store.assign_story(ids[0], a)  # again, same story: nothing changes
    check(a)
    store.assign_story(ids[4], b)  # a move: both recount
    check(a, b)
    assert figures(a)[:3] == (4, 2, "2026-02-02T00:00:00Z") and figures(b)[:2] == (1, 1)
    # a new version of a member with another date and outlet: its story follows
    store.upsert_article(Article(title="Flood 1", body="flood report 1, revised " * 40, url="https://out1.example/1",
                                 site_name="Out7", published="2026-01-15T00:00:00Z"))
    check(a)
    assert figures(a)[1:3] == (3, "2026-01-15T00:00:00Z")


def test_subscribers_users_sessions(store):
    sub = store.add_subscriber("Reader@Example.org")
    assert sub.status == "pending" and sub.confirm_token
    assert store.subscribers() == []
    assert store.confirm_subscriber("wrong") is None
    assert store.confirm_subscriber(sub.confirm_token).status == "confirmed"
    assert [s.email for s in store.subscribers()] == ["Reader@Example.org"]
    assert store.unsubscribe(sub.unsubscribe_token).status == "unsubscribed"
    with pytest.raises(ConfigError):
        store.add_subscriber("not-an-address")
    u = store.create_user("admin", "pbkdf2$hash")
    with pytest.raises(ConfigError):
        store.create_user("ADMIN", "x")
    assert store.get_user("admin").id == u.id and store.get_user(u.id).is_admin
    store.create_session(u.id, "tok", "csrf", "2999-01-01T00:00:00Z")
    assert store.get_session("tok").csrf_token == "csrf"
    assert store.get_session("tok", now="3000-01-01T00:00:00Z") is None
    store.delete_session("tok")
    assert store.get_session("tok") is None
