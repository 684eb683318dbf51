"""Unit and property tests of the text extractor's parts: dates, doubled headlines,
other scripts' punctuation, garbled flattening, site profiles, odd input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdesk
from newsdesk.extract.text import extract_from_text
from newsdesk.extract.text.dates import parse_line_date
from newsdesk.extract.text.meta import split_doubled
from newsdesk.extract.text.profile import SiteProfile

NAV = ["Home", "World", "Business", "Sport", "Culture", "Contact"]


def page(title: str, paragraphs: list[str], nav: list[str] = NAV, extra_top: list[str] = (),
         footer: list[str] = ("About", "Privacy", "Terms")) -> str:
    """A flattened page in the dumps' shape: bullet menus, headline, paragraphs, footer."""
    menu = "\n".join(f"  • {n}" for n in nav)
    return "\n".join([
        "Site Name", menu, *extra_top, "", title, "", *[p + "\n" for p in paragraphs], menu,
        *footer, "Copyright © 2024 Site Name",
    ])


@pytest.mark.parametrize("text, iso", [
    ("FP News Desk • September 27, 2025, 12:40:24 IST", "2025-09-27T12:40:24+05:30"),
    ("Updated on: November 19, 2019 / 10:07 AM / CBS News", "2019-11-19T10:07:00"),
    ("Nov. 19, 2019 10:07 pm EST", "2019-11-19T22:07:00-05:00"),
    ("Sun 27 Sep 2025 09.00 BST", "2025-09-27T09:00:00+01:00"),
    ("12 March 2024, 14:05 GMT+5:30", "2024-03-12T14:05:00+05:30"),
    ("27 de septiembre de 2025", "2025-09-27"),
    ("2025-09-27T12:40:24+05:30", "2025-09-27T12:40:24+05:30"),
    ("2025年9月27日", "2025-09-27"),
    ("Posted 11/19/2019", "2019-11-19"),
    ("no date here, just 12 apples", None),
    ("February 30, 2024", None),
])
def test_parse_line_date(text, iso):
    assert parse_line_date(text) == iso


def test_split_doubled_headlines():
    s = "A storm is coming A storm is coming Ferries cancelled today Ferries cancelled today"
    assert split_doubled(s) == ["A storm is coming", "Ferries cancelled today"]
    assert split_doubled("Nothing doubled in this line at all") == ["Nothing doubled in this line at all"]


LANGS = {
    "zh": ("城市新公园今天正式开放",
           ["市政府今天宣布，位于河边的新公园正式向公众开放，公园占地约二十公顷，设有步道、花园和儿童游乐区，预计每年将吸引大量游客前来参观。",
            "负责该项目的官员表示，公园的建设历时三年，期间听取了许多居民的意见，并对设计进行了多次修改，以便更好地满足附近社区的需要。",
            "一位住在附近的居民说，她每天早上都会来这里散步，她认为这个公园让整个街区变得更加安静和美丽了！"]),
    "ar": ("افتتاح حديقة جديدة في المدينة اليوم",
           ["أعلنت البلدية اليوم افتتاح الحديقة الجديدة الواقعة على ضفة النهر أمام الجمهور، وتبلغ مساحتها نحو عشرين هكتارا وتضم ممرات وحدائق ومنطقة للعب الأطفال.",
            "وقال المسؤول عن المشروع إن بناء الحديقة استغرق ثلاث سنوات، وإن التصميم عدل عدة مرات بعد الاستماع إلى آراء السكان في الأحياء المجاورة؟",
            "وقالت إحدى الساكنات إنها تأتي كل صباح للمشي في الحديقة، وإنها ترى أن الحي أصبح أكثر هدوءا وجمالا منذ افتتاحها."]),
    "hi": ("शहर में आज नया पार्क खुला",
           ["नगर निगम ने आज घोषणा की कि नदी के किनारे बना नया पार्क जनता के लिए खोल दिया गया है और इसमें पैदल रास्ते, बगीचे और बच्चों के खेलने की जगह है।",
            "परियोजना के प्रभारी अधिकारी ने कहा कि पार्क बनाने में तीन साल लगे और आसपास के निवासियों की राय सुनने के बाद डिज़ाइन कई बार बदला गया।",
            "पास में रहने वाली एक महिला ने कहा कि वह हर सुबह यहां टहलने आती है और उन्हें लगता है कि मोहल्ला अब ज़्यादा शांत और सुंदर हो गया है।"]),
    "es": ("¿Por qué abre hoy un nuevo parque en la ciudad?",
           ["El ayuntamiento anunció hoy la apertura al público del nuevo parque junto al río, que ocupa unas veinte hectáreas y cuenta con senderos, jardines y una zona de juegos infantiles.",
            "¿Cuánto tardó la obra? El responsable del proyecto explicó que la construcción duró tres años y que el diseño se modificó varias veces tras escuchar a los vecinos del barrio.",
            "¡Es un cambio enorme para nosotros!, dijo una vecina que pasea cada mañana por el parque y que cree que el barrio es ahora más tranquilo y más bonito."]),
}


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_other_scripts_punctuation(lang):
    title, paras = LANGS[lang]
    a = extract_from_text(page(title, paras))
    assert a.title == title
    for p in paras:
        assert p in a.paragraphs
    for n in NAV:
        assert n not in a.paragraphs


def test_garbled_flattening_joined_and_duplicated():
    paras = [
        "The harbour council voted on Tuesday to extend the opening hours of the fish market, after traders said "
        "the early closing time had cost them most of their evening customers.",
        "The new hours will start next month and will be reviewed after a trial of six months, the council said "
        "in a statement published after the vote.",
        "Traders welcomed the decision but said they would also like the car park next to the market to stay open "
        "later, so that customers can reach the stalls.",
    ]
    title = "Fish market to stay open later after council vote"
    text = page(title, paras, extra_top=["HomeWorldBusinessSportCultureContact", f"{title} {title}", title])
    a = extract_from_text(text)
    assert a.title == title
    assert a.paragraphs == paras


def _site_page(i: int) -> str:
    disclaimer = ("This article is provided by the Valley Courier for general information only and does not "
                  "constitute advice of any kind; please contact our newsroom with corrections.")
    paras = [f"Story {i} begins with the council meeting on day {i}, where members discussed the budget for the "
             f"coming year and agreed to spend more on road repairs in the northern district.",
             f"In story {i} the mayor said the extra money would come from savings elsewhere, and that no new "
             f"taxes would be needed to pay for the repairs this year.",
             f"Residents of story {i} told the meeting they had waited a long time for the work and hoped it "
             f"would begin before the winter.",
             disclaimer]
    return page(f"Council agrees road repairs budget, part {i}", paras)


def test_site_profile_learn_save_load_and_use(tmp_path):
    texts = [_site_page(i) for i in range(5)]
    prof = SiteProfile.learn(texts[1:], site="valley-courier")
    assert prof.pages == 4
    assert "home" in prof.lines and "copyright © 2024 site name" in prof.lines
    assert not any(k.startswith("story") for k in prof.lines)
    path = tmp_path / "profile.json"
    prof.save(path)
    again = SiteProfile.load(path)
    assert again == prof
    single = newsdesk.extract_text(texts[0])
    with_site = newsdesk.extract_text(texts[0], site=again)
    assert "Valley Courier" in single.body  # one page alone cannot tell a site-wide paragraph
    assert "Valley Courier" not in with_site.body
    assert len(with_site.paragraphs) == 3


def test_site_profile_from_one_other_page():
    prof = SiteProfile.learn([_site_page(1)])
    assert prof.pages == 1 and "home" in prof.lines
    a = newsdesk.extract_text(_site_page(2), site=prof)
    assert "Valley Courier" not in a.body and len(a.paragraphs) == 3


def test_site_profile_is_bounded():
    texts = [page(f"Headline {i}", [f"Paragraph {i} text."], nav=[f"item {j}" for j in range(50)])
             for i in range(6)]
    prof = SiteProfile.learn(texts, max_lines=10)
    assert len(prof.lines) == 10


def test_site_profile_load_errors(tmp_path):
    from newsdesk.errors import ConfigError, InputError

    with pytest.raises(ConfigError):
        SiteProfile.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        SiteProfile.load(bad)


@pytest.mark.parametrize("raw", [b"", b"   \n\n  ", "\ufeffOnly one line".encode(), b"\xff\xfe\x00broken bytes \x80"])
def test_odd_input_gives_an_article(raw):
    a = newsdesk.extract_text(raw)
    assert isinstance(a.body, str)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=40))
def test_never_raises_on_arbitrary_lines(lines):
    a = extract_from_text("\n".join(lines))
    assert isinstance(a.body, str)
    assert all(p.strip() for p in a.paragraphs)


def test_memory_flat_over_many_pages():
    import tracemalloc

    texts = [_site_page(i) for i in range(20)]
    for t in texts:  # warm caches (model weights, LUTs)
        extract_from_text(t)
    tracemalloc.start()
    for t in texts * 5:
        extract_from_text(t)
    first, _ = tracemalloc.get_traced_memory()
    for t in texts * 15:
        extract_from_text(t)
    later, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert later - first < 200_000


_TOPIC_PROBE = """
from newsdesk.extract.text.lines import measure, split_lines, topic_hits
words = [f"w{c}{c}{c}" for c in "abcdefghijklmnop"]  # 16 words of 4 letters, 12 are kept
lines = split_lines("\\n".join(f"A line of prose that mentions {w} and nothing much else here." for w in words))
measure(lines)
print(topic_hits(lines, set(words)).tolist())
"""


def test_topic_words_do_not_depend_on_the_hash_seed():
    """More same-length topic words than are kept: the choice must not follow set (hash) order."""
    import os
    import subprocess
    import sys

    out = []
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out.append(subprocess.run([sys.executable, "-c", _TOPIC_PROBE], env=env, capture_output=True, text=True,
                                  check=True).stdout)
    assert out[0] == out[1] == out[2]
    assert out[0].count("1.0") == 12


def test_years_in_other_digits_still_parse():
    """The four-digit prefilter counts any script's digits, as the month-name patterns do."""
    assert parse_line_date("September 27, \u0968\u0966\u0968\u096b") == "2025-09-27"


_ARTICLE = [f"Paragraph {n} of the council story says the budget vote moved to the spring session after a long debate."
            for n in range(8)]
_COMMENTS = ["3 Comments", "Jane Roe", "March 2, 2024 at 9:14 am", "This is the third time the vote has been delayed.",
             "Reply", "Sam Poe", "March 2, 2024 at 11:02 am", "Agreed, they keep kicking the can down the road.", "Reply"]


def _select(text: str, rules):
    from newsdesk.extract.text import line_model
    from newsdesk.extract.text.lines import measure, split_lines

    lines = split_lines(text)
    measure(lines)
    keep = line_model.select_body(lines, [0.9] * len(lines), [], 0.5, rules)
    return [lines[i].text for i in keep]


def test_comment_heading_after_the_article_ends_the_body():
    """Reader comments the classifier kept are cut at their heading, in any of the listed languages."""
    from newsdesk.extract.text.line_model import RULES

    text = "\n\n".join(_ARTICLE + _COMMENTS)
    assert "Jane Roe" in _select(text, RULES - {"comments"})
    assert _select(text, RULES) == _ARTICLE
    for heading in ("Leave a Reply", "Join the conversation", "Comments are closed.", "Kommentare (2)",
                    "Laisser un commentaire", "Deja un comentario"):
        assert _select("\n\n".join(_ARTICLE + [heading] + _COMMENTS[1:]), RULES) == _ARTICLE


def test_comment_heading_before_most_of_the_body_or_inside_prose_cuts_nothing():
    """A heading ahead of most kept words, or the word in a sentence, is not a comment section."""
    from newsdesk.extract.text.line_model import RULES

    early = _ARTICLE[:2] + ["Comments"] + _ARTICLE[2:]
    assert _select("\n\n".join(early), RULES) == early
    prose = _ARTICLE + ["Comments from residents at the hearing were mostly in favour of the new plan."]
    assert _select("\n\n".join(prose), RULES) == prose


def test_comment_heading_with_commenter_lines_cuts_even_a_long_thread():
    """A thread longer than the post is cut when the heading is followed by a "name on date at time said:" line."""
    from newsdesk.extract.text.line_model import RULES

    post = _ARTICLE[:2]
    thread = ["Comments", "Jane Roe on March 2, 2024 at 9:14 am said:"] + _ARTICLE[2:]
    assert _select("\n\n".join(post + thread), RULES) == post
    assert _select("\n\n".join(post + ["Comments"] + _ARTICLE[2:]), RULES) == post + ["Comments"] + _ARTICLE[2:]
