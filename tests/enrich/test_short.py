from newsdesk.enrich.short import make_short

BODY = """By John Smith

WASHINGTON — The United States struck a boat in the Caribbean on Tuesday, killing three people, the Pentagon said. It was the fifth such strike this month.

Read more: other strikes in the region this year

Officials said the vessel was carrying drugs. Venezuela condemned the attack as an act of aggression and said it would raise the matter at the United Nations. Analysts expect more strikes in coming weeks as the campaign widens, and lawmakers have asked for a briefing on the legal basis."""


def test_short_is_traceable_and_about_sixty_words():
    short, spans = make_short("US strike on boat in Caribbean kills three", BODY)
    assert spans and all(BODY[s:e] in short for s, e in spans)
    assert " ".join(BODY[s:e] for s, e in spans) == short
    assert spans == sorted(spans)
    assert 40 <= len(short.split()) <= 80
    assert "Read more" not in short and "John Smith" not in short
    assert short.startswith("WASHINGTON — The United States struck a boat")


def test_short_of_empty_and_unpunctuated_text():
    assert make_short("t", "") == ("", [])
    body = " ".join(["word"] * 200)
    short, spans = make_short("t", body)
    assert len(spans) == 1 and short.startswith(body[spans[0][0]:spans[0][1]])
    assert len(short.split()) <= 61
