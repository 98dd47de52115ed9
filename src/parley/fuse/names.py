"""Matching the names of people and places as different outlets write them.

Reports of one event spell names differently: word order ("KAMIKAWA Yoko" / "Yoko Kamikawa"),
transliteration ("Kosherbaev" / "Kosherbayev"), diacritics ("António" / "Antonio"), initials and
suffixes ("Gilberto C. Teodoro, Jr." / "Gilberto Teodoro Jr."), articles ("El-Sisi" / "al-Sisi") and
surname-only references ("Modi"). Names are reduced to sets of plain tokens and compared as sets,
then token by token with rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import pycountry
from rapidfuzz import fuzz

# Tokens that carry no identity: Arabic articles, generational suffixes.
_NOISE = frozenset({"al", "el", "jr", "sr", "ii", "iii", "iv"})
# Lower-case words allowed inside a personal name ("Mohammed bin Salman", "Ursula von der Leyen").
_PARTICLES = frozenset(
    {"bin", "bint", "ibn", "al", "el", "de", "da", "di", "do", "dos", "du", "von", "van", "der"}
    | {"den", "la", "le", "y", "ben", "abu", "bte", "binti"}
)
# Words that make a name an institution or a group, not a person.
_INSTITUTION = frozenset(
    {"ministry", "office", "government", "council", "commission", "department", "parliament"}
    | {"embassy", "union", "organisation", "organization", "committee", "court", "army"}
    | {"forces", "police", "party", "bank", "agency", "administration", "assembly", "cabinet"}
    | {"presidency", "secretariat", "federation", "republic", "kingdom", "state", "states"}
    | {"nations", "house", "palace", "ministers", "group", "company", "corporation", "kremlin"}
    | {"university", "institute", "mission", "delegation", "authority", "authorities"}
    | {"demonstrators", "protesters", "activists", "supporters", "followers", "officials"}
    | {"diplomats", "staff", "envoys", "troops", "rebels", "militants", "students", "workers"}
)
_TOKEN = re.compile(r"[^\W_]+")
FUZZY_TOKEN = (
    80.0  # rapidfuzz ratio above which two name tokens are spelling variants (Sergey/Sergei)
)
PLACE_MATCH = 85.0  # rapidfuzz ratio of spelled-out place names (Nay Pyi Taw / Naypyidaw)
MIN_FUZZY_LEN = 4  # shorter tokens ("Li", "Xi", "Yi") must match exactly


def fold_text(text: str) -> str:
    """Lower-cased text without diacritics, so "António" and "Antonio" compare equal.

    Works character by character, so folding texts joined by a space equals joining the folded
    texts. :func:`fold` is the same, cached for names that recur.

    Args:
        text: any text.

    Returns:
        The folded text.
    """
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


fold = lru_cache(maxsize=1 << 16)(fold_text)
"""``fold_text`` of a name, cached (names, places and roles recur across mentions)."""


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> frozenset[str]:
    """The identity-bearing tokens of a name (order, case, initials and suffixes dropped).

    Args:
        name: a person, place or organisation name as written.

    Returns:
        The set of its folded tokens of two or more characters, minus articles and suffixes.

    Example:
        >>> sorted(name_tokens("Gilberto C. Teodoro, Jr."))
        ['gilberto', 'teodoro']
    """
    tokens = {t for t in _TOKEN.findall(fold(name)) if len(t) > 1 and t not in _NOISE}
    return frozenset(tokens)


@cache
def _country_names() -> frozenset[str]:
    """Folded ISO names of every country: the coder names a side by its country when no one is."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(fold(value))
    return frozenset(names)


@lru_cache(maxsize=1 << 16)
def is_country_name(name: str) -> bool:
    """Whether a name is a country's ISO name ("Germany", "Korea, Republic of").

    Args:
        name: an actor name.

    Returns:
        True when the coder put the country in for an unnamed actor.
    """
    return fold(name).strip() in _country_names()


@lru_cache(maxsize=1 << 16)
def is_person_name(name: str) -> bool:
    """Whether a name looks like a named person rather than an institution or a group.

    Args:
        name: an actor name as the coder gave it.

    Returns:
        True for two or more capitalised words (particles allowed) without institution words:
        "Yoko Kamikawa", "Mohammed bin Salman"; False for "Federal Foreign Office",
        "Demonstrators", "Russia's acting charge d'affaires".
    """
    words = [w for w in re.split(r"[\s,]+", name.strip()) if w]
    if len(words) < 2 or is_country_name(name):
        return False
    for word in words:
        letters = [c for c in word if c.isalpha()]
        if not letters:
            continue
        bare = fold(word).strip(".'’\"()")
        if bare in _INSTITUTION or "'s" in fold(word) or "’s" in fold(word):
            return False
        if not letters[0].isupper() and bare.split("-")[0] not in _PARTICLES:
            return False
    return True


@lru_cache(maxsize=1 << 16)
def is_surname(name: str) -> bool:
    """Whether a one-word name looks like a person's surname ("Modi", "Vostrikova").

    Args:
        name: an actor name as the coder gave it.

    Returns:
        True for one capitalised word of three or more letters that is not an institution or
        group word ("Demonstrators", "Council").
    """
    words = name.split()
    if len(words) != 1 or is_country_name(name):
        return False
    word = words[0].strip(".,'’\"()")
    return (
        len(word) >= 3 and word[:1].isupper() and word.isalpha() and fold(word) not in _INSTITUTION
    )


@lru_cache(maxsize=1 << 16)
def name_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """How surely two token sets name the same entity.

    Args:
        a: tokens from :func:`name_tokens`.
        b: tokens of another name.

    Returns:
        1.0 for the same tokens in any order; 0.9 when one name's tokens are all in the other
        (surname only, a dropped middle name); 0.85 when every token of the shorter name has a
        spelling variant in the longer one; 0.0 otherwise.

    Example:
        >>> name_similarity(name_tokens("Kosherbaev"), name_tokens("Yermek Kosherbayev"))
        0.85
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if small <= large:
        return 0.9
    for token in small:
        if token in large:
            continue
        if len(token) < MIN_FUZZY_LEN:
            return 0.0
        if not any(
            len(other) >= MIN_FUZZY_LEN and fuzz.ratio(token, other) >= FUZZY_TOKEN
            for other in large
        ):
            return 0.0
    return 0.85


def could_be_same_person(a: frozenset[str], b: frozenset[str]) -> bool:
    """Lenient test used by guards: the names match or share a distinctive token (a surname).

    Args:
        a: tokens from :func:`name_tokens`.
        b: tokens of another name.

    Returns:
        True unless the two names clearly belong to different people.
    """
    if name_similarity(a, b) > 0.0:
        return True
    return any(len(t) >= MIN_FUZZY_LEN for t in a & b)


def group_similarity(a: str, b: str) -> float:
    """Similarity in ``[0, 1]`` of two institution or group names ("Council" / "Council of the EU").

    Args:
        a: a folded name.
        b: another folded name.

    Returns:
        rapidfuzz's token-set ratio scaled to ``[0, 1]``.
    """
    return fuzz.token_set_ratio(a, b) / 100.0


@lru_cache(maxsize=1 << 16)
def same_place(a: str, b: str) -> bool:
    """Whether two place names name the same city ("New Delhi"/"Delhi", "Nay Pyi Taw"/"Naypyidaw").

    Args:
        a: a place name.
        b: another place name.

    Returns:
        True when their tokens are equal or nested, or their letters without spaces are
        spelling variants.
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if ta and tb and (ta <= tb or tb <= ta):
        return True
    flat_a, flat_b = "".join(_TOKEN.findall(fold(a))), "".join(_TOKEN.findall(fold(b)))
    return bool(flat_a and flat_b) and fuzz.ratio(flat_a, flat_b) >= PLACE_MATCH
