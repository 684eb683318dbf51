from newsdesk.enrich.section import SectionOptions, assign_section, classify_text, publisher_sections
from newsdesk.model import Article


def test_publisher_signals_first():
    a = Article(title="Stocks tumble", body="Shares fell.", section="Sport")
    assert assign_section(a) == ("Sports", "publisher:section", 1.0)
    b = Article(title="x", body="", url="https://example.org/world/americas/2025/01/story-slug")
    assert assign_section(b)[:2] == ("World", "publisher:url")
    c = Article(title="x", body="", url="https://example.org/commentisfree/2025/jan/01/slug")
    assert assign_section(c)[0] == "Opinion"


def test_a_label_naming_two_sections_lets_the_text_choose():
    assert publisher_sections(Article(section="Science & Health")) == (("Science", "Health"), "publisher:section")
    assert publisher_sections(Article(section="Us Global Markets")) == (("World", "Business"), "publisher:section")
    assert publisher_sections(Article(section="Economy & Business")) == (("Business",), "publisher:section")
    space = Article(title="Astronauts could hibernate on a mission to Mars", section="Sci-Tech",
                    body="The space agency's scientists studied how the crew of a spacecraft could sleep "
                         "through the journey to the planet, a study of the physics of orbit found.")
    gadget = Article(title="New smartphone chip speeds up apps", section="Sci-Tech",
                     body="The software update brings faster processors and security fixes to the phone's users.")
    assert assign_section(space)[:2] == ("Science", "publisher:section")
    assert assign_section(gadget)[:2] == ("Technology", "publisher:section")
    assert 0 < assign_section(space)[2] <= 1


def test_opinion_comes_from_the_publisher_only():
    from newsdesk.enrich.section import FORMAT_SECTIONS, default_model

    default_model.cache_clear()
    assert not FORMAT_SECTIONS & set(default_model().classes)
    title, body = "We must not look away", "I believe the editorial board is right: we should act now, in my view."
    assert classify_text(title, body)[0] not in FORMAT_SECTIONS
    assert assign_section(Article(title=title, body=body, url="https://example.org/opinion/2025/we-must"))[0] == "Opinion"


def test_local_section_wins_over_canonical():
    opts = SectionOptions(local_sections=(("Cricket", ("cricket",)),))
    a = Article(title="x", body="", url="https://example.org/sport/cricket/slug")
    assert assign_section(a, opts)[:2] == ("Cricket", "publisher:url")
    assert assign_section(a)[0] == "Sports"


def test_classifier_for_the_rest():
    cases = {
        "Business": ("Stocks fall as inflation fears hit markets", "Shares in banks dropped as investors weighed interest rates."),
        "Sports": ("Striker scores twice as club wins the cup final", "The coach praised the team after the match."),
        "Health": ("Hospital sees rise in flu patients", "Doctors urged people to get the vaccine before winter."),
        "Technology": ("New smartphone chip speeds up AI apps", "The software update brings security fixes for users."),
    }
    for want, (title, body) in cases.items():
        got, p = classify_text(title, body)
        assert got == want, (title, got)
        assert 0 < p <= 1
    a = Article(title=cases["Health"][0], body=cases["Health"][1], url="https://example.org/2025/01/slug")
    assert assign_section(a)[:2] == ("Health", "classifier")


def test_training_script_writes_a_loadable_model(tmp_path):
    import gzip
    import json

    from newsdesk.enrich.section import NaiveBayes
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from train_section import main

    data = tmp_path / "labelled.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in [
        {"title": "Cup final won by late goal", "body": "The striker scored.", "section": "Sports"},
        {"title": "Bank raises interest rates", "body": "Markets fell.", "section": "Business"},
    ]), encoding="utf-8")
    out = tmp_path / "model.json.gz"
    main(["--fixture", "0", "--jsonl", str(data), "--out", str(out)])
    model = NaiveBayes.from_dict(json.loads(gzip.decompress(out.read_bytes())))
    assert model.predict(["goal", "striker", "cup"])[0] == "Sports"


def test_the_shipped_model_is_small_and_loads_from_the_package():
    from importlib import resources

    from newsdesk.enrich.section import default_model
    from newsdesk.model import CANONICAL_SECTIONS

    f = resources.files("newsdesk.enrich").joinpath("section_model.json.gz")
    assert f.is_file() and len(f.read_bytes()) < 512 * 1024
    default_model.cache_clear()
    m = default_model()
    assert set(m.classes) <= set(CANONICAL_SECTIONS) and len(m.classes) == 8
    assert classify_text("Quarterback throws three touchdowns in overtime win",
                         "The coach said the defense held on in the fourth quarter.")[0] == "Sports"


def test_a_url_path_naming_two_desks_lets_the_text_choose():
    url = "https://example.org/entertainment-arts/business/story/2019-11-19/streaming-glitches"
    assert publisher_sections(Article(url=url)) == (("Entertainment", "Business"), "publisher:url")
    a = Article(title="Streaming service shares fall after launch glitches", url=url,
                body="Investors sold the company's stock as revenue forecasts and subscriber growth missed estimates.")
    assert assign_section(a)[:2] == ("Business", "publisher:url")
    assert publisher_sections(Article(url="https://example.org/sport/cricket/slug")) == (("Sports",), "publisher:url")


def test_a_format_only_from_a_whole_label_word_and_never_from_an_article_slug():
    assert publisher_sections(Article(url="https://example.org/wedding-ideas/the-checklist")) is None
    assert publisher_sections(Article(section="Wedding Ideas")) is None
    assert publisher_sections(Article(section="ideas")) == (("Opinion",), "publisher:section")
    assert publisher_sections(Article(url="https://example.org/ideas/2019/11/slug")) == (("Opinion",), "publisher:url")
    slug = "https://example.org/blog/1392101-great-seo-for-2022-ideas-you-can-practice-blog/comments"
    assert publisher_sections(Article(url=slug)) is None
    assert publisher_sections(Article(url="https://example.org/news/world-europe/slug")) == (("World",), "publisher:url")


def test_a_format_kicker_in_the_headline_or_standfirst_gives_opinion():
    from newsdesk.enrich.section import section_from_text

    a = Article(title="A city on the brink", body="Hong Kong is burning. The authorities pour fuel on the fire.",
                description="Editorial: The authorities' repression has only fuelled the crisis.")
    assert assign_section(a) == ("Opinion", "text:kicker", 1.0)
    assert section_from_text("OPINION | Why the vote matters", "")[:2] == ("Opinion", "text:kicker")
    # a column runs on any desk: the text decides
    col = section_from_text("Column: The merger sends a dismal signal", "Shares of the newspaper company fell.")
    assert col[1] == "classifier" and col[0] != "Opinion"
    # a publisher's own label still comes first
    assert assign_section(Article(title="Editorial: rates", body="", section="Business"))[0] == "Business"
