"""Bytes to text: UTF-8 (with or without BOM), a declared charset, else detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from parley.errors import EncodingError, InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="...">, <meta http-equiv="Content-Type" content="text/html; charset=...">,
# <?xml version="1.0" encoding="..."?>
_DECLARED_RE = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_SNIFF = 4096
# Control characters other than tab, newline, carriage return and form feed.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NOT_TEXT = "looks like a binary file (no plausible text encoding)"
_NOT_TEXT_FIX = "parley reads text, HTML, JSON and feeds; convert the file to UTF-8 text first."


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML meta tag or XML declaration names, if Python knows it."""
    m = _DECLARED_RE.search(data, 0, _SNIFF)
    if m is None:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _looks_western(text: str) -> bool:
    """True when a cp1252 reading gives sparse accented letters inside words, as in Latin-1 text.

    charset-normalizer guesses cp1250 or cp775 for short French or Spanish Latin-1 texts; a
    Western reading is right when its non-ASCII characters are letters or typographic marks,
    few, and never in long runs (Cyrillic read as cp1252 gives long runs of accented letters).
    """
    letters = high = run = longest = 0
    for ch in text:
        if ch.isascii():
            run = 0
            letters += ch.isalpha()
            continue
        if not (ch.isalpha() or ch in "’‘“”–—…€£°«»·©®§¡¿"):
            return False
        high += 1
        run += 1
        longest = max(longest, run)
    return longest <= 3 and high <= 0.3 * max(letters, 1)


def _decode_cp1252(data: bytes) -> str:
    """cp1252 where it defines a byte, Latin-1 where it does not (the five holes of cp1252)."""
    return (
        data.decode("cp1252", errors="strict") if _cp1252_complete(data) else data.decode("latin-1")
    )


def _cp1252_complete(data: bytes) -> bool:
    """True when no byte falls in one of cp1252's undefined positions."""
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode a file's bytes to text.

    UTF-8 with or without a BOM (and UTF-16/32 with a BOM) first; then the charset the file
    declares (HTML meta tag, XML declaration); then a Western single-byte reading when it is
    plausible (Latin-1/cp1252 text); then charset-normalizer's detection.

    Args:
        data: the file's bytes.
        origin: the file path, for error messages.

    Returns:
        The text, without a BOM. Line endings are kept as they are, so offsets into the text
        count the file's characters.

    Raises:
        InputError: the file is empty or only whitespace.
        EncodingError: the bytes look binary or decode in no plausible charset.

    Example:
        >>> decode_bytes("Genève".encode("latin-1"), "a.txt")
        'Genève'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise EncodingError(origin, _NOT_TEXT, fix=_NOT_TEXT_FIX) from err
            return _checked(text, origin)
    if not data.strip():
        raise InputError(origin, "the file is empty", fix="Remove it or give it some text.")
    if b"\x00" in data[:65536]:
        raise EncodingError(origin, _NOT_TEXT, fix=_NOT_TEXT_FIX)
    try:
        return _checked(data.decode("utf-8"), origin)
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared is not None and declared not in ("utf-8", "ascii"):
        try:
            return _checked(data.decode(declared), origin)
        except UnicodeDecodeError:
            pass
    western = _decode_cp1252(data)
    if _looks_western(western[:65536]):
        return _checked(western, origin)
    best = from_bytes(data).best()
    if best is None:
        raise EncodingError(origin, _NOT_TEXT, fix=_NOT_TEXT_FIX)
    return _checked(str(best), origin)


def _checked(text: str, origin: str) -> str:
    """Reject text that is empty or mostly control characters (a binary file decoded anyway)."""
    if not text.strip():
        raise InputError(origin, "the file is empty", fix="Remove it or give it some text.")
    sample = text[:65536]
    if len(_CONTROL_RE.findall(sample)) > 0.01 * len(sample) + 2:
        raise EncodingError(origin, _NOT_TEXT, fix=_NOT_TEXT_FIX)
    return text
