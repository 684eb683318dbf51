"""Bytes -> text: the charset cascade.

Order: byte-order mark, then strict UTF-8 (cheap, and a page whose bytes are
valid UTF-8 with non-ASCII text is UTF-8 whatever its header or meta claims:
legacy text is almost never valid UTF-8 by chance, while "iso-8859-1" headers
on UTF-8 pages are common), then the HTTP ``Content-Type`` charset, then
``<meta charset>`` / ``http-equiv`` / the XML declaration in the first 16 KB,
then detection (charset-normalizer) on a sample. A declared charset that fails
to decode strictly is a lie: detection gets a say before we fall back to it.

Labels follow the WHATWG encoding standard where it differs from Python's
codecs (``iso-8859-1`` and ``ascii`` mean windows-1252, ``gb2312`` means GBK,
and so on), so pages decode as browsers show them.
"""

from __future__ import annotations

import codecs
import re

from ...errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: WHATWG label -> the Python codec that decodes what browsers decode.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "chinese": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "ms_kanji": "cp932",
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "iso8859-9": "cp1254",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "x-mac-roman": "mac-roman",
    # A meta tag cannot honestly declare a 16-bit encoding (it would be unreadable
    # as ASCII); browsers read such documents as UTF-8.
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "unicode": "utf-8",
    "utf-7": "utf-8",
}

_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.I)
_BOM_PREFIXES = tuple(bom for bom, _ in _BOMS)
_META_CHARSET = re.compile(rb"<meta[^>]{0,400}?charset\s*=\s*[\"']?\s*([\w.:+-]+)", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([\w.:+-]+)", re.I)

_SNIFF_BYTES = 16_384
_DETECT_BYTES = 65_536


def normalise_charset(label: str | None) -> str | None:
    """A charset label -> a Python codec name that exists, or None when unknown."""
    if not label:
        return None
    low = label.strip().strip("\"'").lower()
    low = _ALIASES.get(low, low)
    try:
        name = codecs.lookup(low).name
    except LookupError:
        return None
    return _ALIASES.get(name, name)


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _CT_CHARSET.search(content_type)
    return normalise_charset(m.group(1)) if m else None


def sniff_declared(data: bytes) -> str | None:
    """The charset a page declares about itself in its first few KB, if any."""
    head = data[:_SNIFF_BYTES]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return normalise_charset(m.group(1).decode("ascii", "replace")) if m else None


#: Python codecs of the encodings the WHATWG standard (so every browser) supports
_WEB_CODECS = {
    "utf-8", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7",
    "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16", "koi8-r", "koi8-u",
    "mac-roman", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "mac-cyrillic", "gb18030", "big5hkscs", "euc_jp", "iso2022_jp", "cp932", "cp949",
}  # fmt: skip


def detect_charset(data: bytes) -> str | None:
    """Statistical guess on a sample (charset-normalizer); None when it has no opinion.

    Only encodings browsers offer (WHATWG) are chosen when any fits: "Bürgermeister" in
    windows-1252 also decodes as DOS cp775/cp850 ("B³rgermeister"), which no web page uses.
    Among guesses that score as well as the best, windows-1252 wins: short Western
    text fits several Latin code pages equally, and browsers fall back to 1252 too.
    """
    from charset_normalizer import from_bytes

    try:
        results = from_bytes(data[:_DETECT_BYTES])
        best = results.best()
    except Exception:  # noqa: BLE001 - a detector failure is just "no opinion"
        return None
    web = [m for m in results if normalise_charset(m.encoding) in _WEB_CODECS]
    if best is None:
        return None
    if web:  # DOS and other non-web code pages "fit" Latin text too, but no browser offers them
        best = web[0]
    for m in web or results:
        if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.02:
            names = {normalise_charset(c) for c in [m.encoding, *m.could_be_from_charset]}
            if "cp1252" in names:
                return "cp1252"
    return normalise_charset(best.encoding)


def _strict(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as ASCII interleaved with NULs ("<\\0h\\0t\\0...")."""
    head = data[:512]
    if len(head) < 8 or head.count(0) < len(head) // 3:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 0.8 * len(head[1::2]) and even < 0.2 * len(head[0::2]):
        return "utf-16-le"
    if even > 0.8 * len(head[0::2]) and odd < 0.2 * len(head[1::2]):
        return "utf-16-be"
    return None


def strict_utf8(data: bytes) -> str | None:
    """The text when the cascade's answer is strict UTF-8 of exactly these bytes (no BOM, not
    BOM-less UTF-16), else None: the caller may then hand ``data`` itself to a UTF-8 parser."""
    if data.startswith(_BOM_PREFIXES) or _utf16_without_bom(data):
        return None
    return _strict(data, "utf-8")


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes to text with the cascade described in the module docstring."""
    text, _ = decode_with_charset(data, content_type)
    return text


def decode_with_charset(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Like ``decode_html`` but also returns the codec that was used."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise DecodeError(f"expected bytes, got {type(data).__name__}")
    data = bytes(data)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace"), enc
    wide = _utf16_without_bom(data)
    if wide:
        return data.decode(wide, errors="replace"), wide
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    declared = [c for c in (charset_from_content_type(content_type), sniff_declared(data)) if c]
    for enc in declared:
        if enc == "utf-8":
            continue  # already failed strictly: the declaration lies
        text = _strict(data, enc)
        if text is not None:
            return text, enc
    guess = detect_charset(data)
    if guess:
        text = _strict(data, guess)
        if text is not None:
            return text, guess
    # Nothing decodes cleanly: the first declaration (or the guess, or UTF-8) with
    # replacement characters, never an exception. cp1252 holes fall back to latin-1.
    enc = next((c for c in declared if c != "utf-8"), None) or guess or "utf-8"
    if enc == "cp1252":
        return data.decode("latin-1"), "latin-1"
    return data.decode(enc, errors="replace"), enc
