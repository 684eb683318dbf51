from newsdesk.enrich.text import fold, sentences, tokens


def test_fold_and_tokens():
    assert fold("Nicolás MADURO") == "nicolas maduro"
    assert tokens("The strikes on ministries, in 2025 at 3 pm") == ["strike", "ministry", "2025", "pm"]


def test_sentences_are_spans_and_respect_abbreviations():
    text = 'Mr. Smith went to Washington on Jan. 5. He met U.S. officials.\n\n"It was fine," he said'
    spans = sentences(text)
    got = [text[s:e] for s, e in spans]
    assert got == ["Mr. Smith went to Washington on Jan. 5.", "He met U.S. officials.", '"It was fine," he said']


def test_sentences_never_lose_text():
    text = "One. Two! Three? Four…  Five.\nSix"
    joined = "".join(text[s:e] for s, e in sentences(text))
    assert joined.replace(" ", "") == text.replace(" ", "").replace("\n", "")


def _old_fold(text: str) -> str:
    import unicodedata

    d = unicodedata.normalize("NFKD", text)
    return "".join(c for c in d if not unicodedata.combining(c)).casefold()


def test_fold_fast_paths_match_the_definition():
    for text in ["Plain ASCII, 26,800 Words", "Nicolás Maduro", "İstanbul ǅemal ﬁnance ½ café", "e\u0301\u0327x",
                 "Ωmega ΣΑΣ straße", "\u00a0nbsp\u2009thin"]:
        assert fold.__wrapped__(text) == _old_fold(text)


_TRICKY = ("Mr. O’Brien’s 26,800 strikes in São Paulo. The U.S.-led talks (on Jan. 5) ended…  Then 1.000 more!\n\n"
           "“Quoted,” he said.\u00a0Next\u2009sentence e\u0301te\u0301. Rock-'n'-roll isn't over.\n"
           "A line\nwithout a stop 3,5 and 12.345,6")


def test_tokenised_matches_tokens_on_every_prefix():
    from newsdesk.enrich.text import Tokenised

    tok = Tokenised("The Title’s Words", _TRICKY)
    assert tok.title_tokens() == tokens("The Title’s Words")
    assert tok.body_tokens() == tokens(_TRICKY)
    assert tok.sentence_tokens == [tokens(_TRICKY[s:e]) for s, e in tok.spans]
    nul = Tokenised("", "A NUL\x00inside. Another sentence here.")  # the one-pass join cannot be used
    assert nul.sentence_tokens == [tokens(nul.body[s:e]) for s, e in nul.spans]
    for n in range(len(_TRICKY) + 2):
        assert tok.body_tokens(n) == tokens(_TRICKY[:n]), n


def test_tokenised_matches_tokens_on_the_shared_pages(shared):
    import json

    from newsdesk.enrich.text import Tokenised

    checked = 0
    for truth in sorted(shared("benchmarks", "extraction").glob("*/truth.jsonl")):
        for line in truth.read_text(encoding="utf-8").splitlines()[:150]:
            body = json.loads(line).get("body") or ""
            tok = Tokenised("", body)
            assert tok.sentence_tokens == [tokens(body[s:e]) for s, e in tok.spans]
            assert tok.body_tokens() == tokens(body)
            for n in (6000, 20000, len(body) // 2, len(body) // 3):
                assert tok.body_tokens(n) == tokens(body[:n])
            checked += 1
    assert checked > 100


def _old_tokens(text: str) -> list[str]:
    """``tokens`` as it was written before its per-word cache (the reference)."""
    from newsdesk.enrich.text import _NUM_SEP, _WORD, STOP_WORDS, stem

    out = []
    for w in _WORD.findall(_NUM_SEP.sub(r"\1\2", fold(text))):
        w = w.replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if w in STOP_WORDS or len(w) < 2 or (w.isdigit() and len(w) < 2):
            continue
        out.append(stem(w))
    return out


def test_cached_tokens_match_the_reference(shared):
    import json

    assert tokens(_TRICKY) == _old_tokens(_TRICKY) and tokens(_TRICKY) == _old_tokens(_TRICKY)  # cold, warm
    for truth in sorted(shared("benchmarks", "extraction").glob("*/truth.jsonl")):
        for line in truth.read_text(encoding="utf-8").splitlines()[:100]:
            body = json.loads(line).get("body") or ""
            assert tokens(body) == _old_tokens(body)
