"""Enrichment takes untrusted text: it never raises and every short sentence is a span of the body."""

from hypothesis import given, settings
from hypothesis import strategies as st

from newsdesk.cluster import NearDuplicates, StoryClusterer
from newsdesk.enrich import enrich, story_doc
from newsdesk.enrich.text import sentences
from newsdesk.model import Article

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400) | st.from_regex(
    r"([A-Z][a-zé]{1,8}( [A-Z][a-z]{1,8})?[.!?,]? ){0,30}", fullmatch=True
)


@settings(max_examples=60, deadline=None)
@given(title=TEXT, body=TEXT)
def test_enrich_never_raises_and_short_is_traceable(title, body):
    a = Article(title=title, body=body, url="https://example.org/x/y")
    e = enrich(a)
    for s, t in e.short_sources:
        assert 0 <= s < t <= len(body)
        assert body[s:t] in e.short or e.short.endswith("…")
    for s, t in sentences(body):
        assert 0 <= s < t <= len(body) and body[s:t].strip() == body[s:t]
    c = StoryClusterer()
    d = story_doc("d1", a, e)
    c.add(d)
    again = c.add(story_doc("d2", a, e))
    if d.terms or d.title_terms:  # the same article twice is one story
        assert again.story_id == "s1" and not again.is_new
    NearDuplicates().add("d", title + body)
