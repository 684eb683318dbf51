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
