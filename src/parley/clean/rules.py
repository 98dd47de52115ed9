"""Boilerplate rules loaded from ``boilerplate.toml`` (the rules are data, this is the loader)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from parley.errors import KnowledgeError

Where = Literal["any", "head", "tail", "edge"]
_WHERE: tuple[str, ...] = ("any", "head", "tail", "edge")
_MACRO_RE = re.compile(r"%([A-Z]+)%")


@dataclass(frozen=True)
class LineRule:
    """One rule: lines (or spans in lines) matching ``pattern`` are removed as ``kind``."""

    kind: str
    where: Where
    pattern: re.Pattern[str]
    max_len: int
    is_span: bool = False
    follows_bullets: bool = False
    requires: tuple[str, ...] = ()  # lowercase words; the rule skips lines holding none


@dataclass(frozen=True)
class CaptionRule:
    """A caption line at the top followed directly by a short credit line."""

    where: Where
    max_len: int
    patterns: tuple[re.Pattern[str], ...]
    credit: re.Pattern[str]
    credit_max_words: int


@dataclass(frozen=True)
class Rules:
    """Every boilerplate rule, compiled; immutable so it can be shared by worker processes."""

    head_lines: int
    tail_lines: int
    lines: tuple[LineRule, ...]
    caption: CaptionRule

    # the line rules that apply per zone, indexed by 2*in_head + in_tail (see zone_rules)
    by_zone: tuple[tuple[LineRule, ...], ...] = ()
    # per zone: its screens (see zone_screens) and the rules they do not cover
    screens: tuple[tuple[Screen, ...], ...] = ()
    unscreened: tuple[tuple[LineRule, ...], ...] = ()

    def for_zone(self, in_head: bool, in_tail: bool) -> tuple[LineRule, ...]:
        """The line rules that apply to a line in the head and/or tail zone, in file order."""
        return self.by_zone[2 * in_head + in_tail]

    def candidates(self, in_head: bool, in_tail: bool, text: str) -> tuple[LineRule, ...]:
        """The line rules of a zone that may match a (stripped) line, in file order.

        Every rule of the zone when the line matches the zone's screen for its length;
        otherwise none of the screened rules can match it, and only the others are left.
        """
        zone = 2 * in_head + in_tail
        if not self.screens:  # built without screens: every rule is a candidate
            return self.by_zone[zone]
        size = len(text)
        for screen in self.screens[zone]:  # by max_len, ascending
            if size <= screen.max_len:
                matched = screen.pattern.fullmatch(text) is not None
                return self.by_zone[zone] if matched else self.unscreened[zone]
        return self.unscreened[zone]  # longer than every screened rule allows


@dataclass(frozen=True)
class Screen:
    """One regex standing in for many whole-line rules: their patterns as one alternation.

    It fullmatches a line exactly when one of the rules does (ignoring their ``max_len``),
    so a line it rejects needs none of them tested: one regex call instead of one per rule.
    """

    max_len: int  # it covers the screened rules of the zone whose max_len is at least this
    pattern: re.Pattern[str]


def _screenable(rule: LineRule) -> bool:
    """Rules whose pattern can join an alternation unchanged: whole-line, ungated (a gated rule
    is cheap already), without groups (numbered groups would shift), only the ``i`` flag."""
    if rule.is_span or rule.requires or rule.pattern.groups:
        return False
    if rule.pattern.flags & ~(re.IGNORECASE | re.UNICODE):
        return False
    try:
        re.compile(_alternative(rule))
    except re.error:  # e.g. a global inline flag, only allowed at the start of a pattern
        return False
    return True


def _alternative(rule: LineRule) -> str:
    """A rule's pattern as a self-contained alternative, its flag scoped to it."""
    scope = "?i:" if rule.pattern.flags & re.IGNORECASE else "?:"
    return f"({scope}{rule.pattern.pattern})"


def zone_screens(
    by_zone: tuple[tuple[LineRule, ...], ...],
) -> tuple[tuple[tuple[Screen, ...], ...], tuple[tuple[LineRule, ...], ...]]:
    """Per zone, screens by line length and the rules they do not cover.

    A line of length n is tested against the screen with the smallest ``max_len`` >= n: the
    alternation of the zone's screened rules that apply to lines of that length. Lines longer
    than every screened rule allows have no screen (none of those rules may match them).
    """
    screens = []
    unscreened = []
    for rules in by_zone:
        covered = [r for r in rules if _screenable(r)]
        limits = sorted({r.max_len for r in covered})
        screens.append(
            tuple(
                Screen(
                    limit,
                    re.compile("|".join(_alternative(r) for r in covered if r.max_len >= limit)),
                )
                for limit in limits
            )
        )
        unscreened.append(tuple(r for r in rules if not _screenable(r)))
    return tuple(screens), tuple(unscreened)


def zone_rules(lines: tuple[LineRule, ...]) -> tuple[tuple[LineRule, ...], ...]:
    """Rules per zone, indexed by 2*in_head + in_tail, so the cleaner tests no zones per line."""
    out = []
    for in_head in (False, True):
        for in_tail in (False, True):
            zones = {"any"} | ({"head", "edge"} if in_head else set())
            zones |= {"tail", "edge"} if in_tail else set()
            out.append(tuple(r for r in lines if r.where in zones))
    return tuple(out)


def _compile(source: str, pattern: str, macros: dict[str, str], flags: str = "") -> re.Pattern[str]:
    """Expand %MACRO%s and compile, naming the file and pattern when it is broken."""

    def expand(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise KnowledgeError(
                f"{source}: pattern {pattern!r} uses unknown macro %{name}%",
                fix=f"Define it under [macros]; known: {', '.join(sorted(macros))}.",
            )
        return macros[name]

    expanded = _MACRO_RE.sub(expand, pattern)
    try:
        return re.compile(expanded, re.IGNORECASE if "i" in flags else 0)
    except re.error as err:
        raise KnowledgeError(
            f"{source}: pattern {pattern!r} is not a valid regular expression ({err})",
            fix="Fix the pattern in the rules file.",
        ) from err


def _where(source: str, value: Any) -> Where:
    """Validate a ``where`` value against the zones the cleaner knows."""
    if value not in _WHERE:
        raise KnowledgeError(
            f"{source}: where = {value!r} is not a zone", fix=f"Use one of {', '.join(_WHERE)}."
        )
    return value


def parse_rules(data: dict[str, Any], source: str = "boilerplate.toml") -> Rules:
    """Compile a rules table (the parsed TOML) into :class:`Rules`.

    Args:
        data: the parsed TOML document.
        source: file name used in error messages.

    Returns:
        The compiled rules.

    Raises:
        KnowledgeError: a missing key, an unknown zone or macro, or a broken pattern.
    """
    try:
        macros = {str(k): str(v) for k, v in data.get("macros", {}).items()}
        zones = data["zones"]
        lines = []
        for i, raw in enumerate(data.get("line", []), start=1):
            where = f"{source} [[line]] #{i} ({raw.get('kind', '?')})"
            lines.append(
                LineRule(
                    kind=str(raw["kind"]),
                    where=_where(where, raw.get("where", "any")),
                    pattern=_compile(where, raw["pattern"], macros, raw.get("flags", "")),
                    max_len=int(raw.get("max_len", 10_000)),
                    is_span=raw.get("match", "line") == "span",
                    follows_bullets=raw.get("follow") == "bullets",
                    requires=tuple(str(w).lower() for w in raw.get("requires", ())),
                )
            )
        cap = data["caption"]
        caption = CaptionRule(
            where=_where(f"{source} [caption]", cap.get("where", "head")),
            max_len=int(cap.get("max_len", 400)),
            patterns=tuple(_compile(f"{source} [caption]", p, macros) for p in cap["patterns"]),
            credit=_compile(f"{source} [caption]", cap["credit_pattern"], macros),
            credit_max_words=int(cap.get("credit_max_words", 6)),
        )
        by_zone = zone_rules(tuple(lines))
        screens, unscreened = zone_screens(by_zone)
        return Rules(
            head_lines=int(zones["head_lines"]),
            tail_lines=int(zones["tail_lines"]),
            lines=tuple(lines),
            caption=caption,
            by_zone=by_zone,
            screens=screens,
            unscreened=unscreened,
        )
    except KeyError as err:
        raise KnowledgeError(
            f"{source}: required key {err} is missing",
            fix="Compare with the comments at the top of parley/clean/boilerplate.toml.",
        ) from err


def read_rules(path: str | Path) -> Rules:
    """Read and compile a boilerplate rules file.

    Args:
        path: a TOML file shaped like ``parley/clean/boilerplate.toml``.

    Returns:
        The compiled rules.

    Raises:
        KnowledgeError: the file is missing, not TOML, or has a bad rule.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise KnowledgeError(
            f"cannot read boilerplate rules '{path}': {err.strerror}",
            fix="Reinstall parley.",
        ) from err
    except tomllib.TOMLDecodeError as err:
        raise KnowledgeError(
            f"boilerplate rules '{path}' are not valid TOML ({err})", fix="Fix the file."
        ) from err
    return parse_rules(data, source=path.name)


@functools.cache
def default_rules() -> Rules:
    """The rules shipped with parley (read once per process; immutable)."""
    with resources.as_file(resources.files("parley.clean") / "boilerplate.toml") as path:
        return read_rules(path)
