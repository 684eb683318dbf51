"""The charset cascade: BOM, strict UTF-8, HTTP header, meta, detection. Mojibake is a defect."""

from __future__ import annotations

import codecs

import pytest

from newsdesk.extract.html.decode import decode_with_charset, normalise_charset, sniff_declared

PARAS = {
    "windows-1252": "Café crème brûlée à la française — naïve façade, “quoted” and 5 €. ",
    "iso-8859-1": "Die Straße in München ist schön; Grüße aus Köln und Düsseldorf. ",
    "shift_jis": "今日のニュースは天気と経済についてです。東京では雨が降りました。",
    "gb2312": "今天的新闻是关于天气和经济的。北京今天下雨了，交通受到影响。",
    "koi8-r": "Это тестовая страница о новостях дня и погоде в Москве. ",
    "windows-1251": "Новости дня: в Киеве и Минске прошли концерты под открытым небом. ",
    "euc-kr": "오늘의 뉴스는 날씨와 경제에 관한 것입니다. 서울에는 비가 내렸습니다. ",
    "windows-1250": "Příliš žluťoučký kůň úpěl ďábelské ódy. Česká republika a Praha. ",
}


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>T</title></head><body><p>{text * 4}</p></body></html>"


@pytest.mark.parametrize("enc", sorted(PARAS))
def test_undeclared_legacy_pages_are_detected(enc):
    html = page(PARAS[enc])
    text, used = decode_with_charset(html.encode(enc))
    assert text == html, f"mojibake with {used}"


@pytest.mark.parametrize("enc", sorted(PARAS))
def test_declared_by_meta(enc):
    html = page(PARAS[enc], f'<meta charset="{enc}">')
    assert decode_with_charset(html.encode(enc))[0] == html


@pytest.mark.parametrize("enc", ["windows-1252", "koi8-r", "shift_jis"])
def test_declared_by_http_header(enc):
    html = page(PARAS[enc])
    assert decode_with_charset(html.encode(enc), f"text/html; charset={enc.upper()}")[0] == html


def test_lying_meta_utf8_on_a_1252_page():
    html = page(PARAS["windows-1252"], '<meta charset="utf-8">')
    text, used = decode_with_charset(html.encode("cp1252"))
    assert text == html and used == "cp1252"


def test_lying_latin1_header_on_a_utf8_page():
    html = page("naïve café, 東京, Москва ", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    text, used = decode_with_charset(html.encode("utf-8"), "text/html; charset=ISO-8859-1")
    assert text == html and used == "utf-8"


def test_cp1252_page_that_claims_utf8_everywhere():
    """Invalid UTF-8 under a UTF-8 header and meta: detection decides, and a DOS code page
    (cp775/cp850 read 0xFC as "³") never beats the web's windows-1252."""
    html = page("Der Bürgermeister sagte heute, die Straße bleibt gesperrt. ", '<meta charset="utf-8">')
    text, used = decode_with_charset(html.encode("cp1252"), "text/html; charset=utf-8")
    assert "Bürgermeister" in text and "Straße" in text and used == "cp1252"


@pytest.mark.parametrize("bom,enc", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                     (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_bom_wins(bom, enc):
    html = page("ünïcödé ")
    assert decode_with_charset(bom + html.encode(enc), "text/html; charset=koi8-r")[0] == html


def test_utf16_without_bom():
    html = page("wide text ")
    assert decode_with_charset(html.encode("utf-16-le"))[0] == html


def test_whatwg_labels():
    assert normalise_charset("ISO-8859-1") == "cp1252"
    assert normalise_charset("gb2312") == "gb18030"
    assert normalise_charset("Shift_JIS") == "cp932"
    assert normalise_charset("x-no-such-charset") is None
    assert sniff_declared(b'<?xml version="1.0" encoding="koi8-r"?><html>') == "koi8-r"


def test_undecodable_bytes_never_raise():
    text, _ = decode_with_charset(b"\xff\xfe\xfa" * 10 + b"\x81\x8d\x8f", "text/html; charset=utf-8")
    assert isinstance(text, str)


# --------------------------------------------------------------------------- bytes straight to the parser


def test_strict_utf8_only_for_exact_bytes():
    from newsdesk.extract.html.decode import strict_utf8

    html = page("Grüße aus Köln — “quoted”")
    assert strict_utf8(html.encode("utf-8")) == html
    assert strict_utf8(codecs.BOM_UTF8 + html.encode("utf-8")) is None  # the BOM is not text
    assert strict_utf8(html.encode("cp1252")) is None
    assert strict_utf8(html.encode("utf-16-le")) is None


@pytest.mark.parametrize("head", ['<meta charset="windows-1252">', '<meta charset="shift_jis">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'])
def test_a_lying_meta_never_re_decodes_utf8_bytes(head):
    from newsdesk import extract

    text = "Grüße aus Köln — “quoted” and 日本語 in the middle of a long enough paragraph of text."
    art = extract(page(text, head).encode("utf-8"))
    assert "Grüße aus Köln — “quoted” and 日本語" in art.body


@pytest.mark.parametrize("as_bytes", [True, False])
def test_controls_and_nonchars_are_dropped_bytes_or_text(as_bytes):
    from newsdesk.extract.html.extractor import parse_html, _parse_utf8

    html = page("Bad\x00 con\x01trol\x7f char\ufffes\uffff here. ")
    tree = _parse_utf8(html.encode("utf-8")) if as_bytes else parse_html(html)
    assert "Bad control chars here." in tree.text_content()


def test_lone_surrogates_in_a_str_are_replaced_not_cut():
    from newsdesk.extract.html import parse_html

    assert "ab\ufffdcd" in parse_html(page("ab\ud800cd ")).text_content()


@pytest.mark.parametrize("raw", [b"\x00\x01 \x02\n", "\x00 \ufffe".encode("utf-8"), b"   "])
def test_nothing_but_controls_is_an_empty_document(raw):
    from newsdesk import extract
    from newsdesk.errors import ParseError

    with pytest.raises(ParseError, match="empty document"):
        extract(raw)
