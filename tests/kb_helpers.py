"""Test helpers shared by the knowledge and annotation tests: a tiny knowledge base about
invented countries, and a plain sentence splitter that keeps those tests apart from the real one."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from parley.knowledge import DATA_DIR
from parley.models import Sentence


def write_fictional_kb(path: Path) -> Path:
    """A tiny knowledge base about invented countries (roles/portfolios are parley's own)."""
    files = {
        "countries.tsv": "iso3\tiso2\tname\tofficial_name\tcommon_name\n"
        "FRE\tFR\tFreedonia\tRepublic of Freedonia\t\nSYL\tSY\tSylvania\t\t\n",
        "country_names.tsv": "# fictional\nFRE\tFreedonia\tFreedonian\nSYL\tSylvania\tSylvanian\n",
        "regions.txt": "Freedonian Sea\n",
        "capitals.tsv": "FRE\tcapital\tFredville|Fredsburg\nSYL\tcapital\tSylvan City\n",
        "cities.tsv": "name\tascii\tcountry\tpopulation\nFredville\tFredville\tFRE\t500000\n"
        "Of\tOf\tFRE\t200000\nMarshton\tMarshton\tSYL\t300000\nMarshton\tMarshton\tFRE\t160000\n",
        "city_aliases.tsv": "Old Fred\tFredville\tFRE\n",
        "city_stoplist.txt": "Of\n",
        "metonyms.tsv": "Blue Palace\tFRE\tGOV\tthe Blue Palace\n",
        "venues.tsv": "Blue Palace\tFredville\tFRE\tno\nGrand Hall\tSylvan City\tSYL\tyes\n",
        "organisations.tsv": "United Nations\tUNO\tIGO\tUN\n"
        "Ministry of Foreign Affairs\t*\tGOV\tforeign ministry|ministry of foreign affairs\n",
        "officeholders.tsv": "Rufus T. Firefly\tRufus Firefly\tFirefly\tpresident\tFRE\t2020-01\t\t\n"
        "Carlo Trentino\t\tTrentino\tforeign_minister\tSYL\t2021-03\t2024-06\t\n"
        "Vera Marsh\t\tMarsh\tforeign_minister\tSYL\t2024-06\t\tForeign Minister\n"
        "Ann Marsh\t\tMarsh\tforeign_minister\tFRE\t2022-01-05\t\tForeign Minister\n",
    }
    path.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (path / name).write_text(content, encoding="utf-8")
    for name in ("roles.tsv", "portfolios.txt"):
        shutil.copy(DATA_DIR / name, path / name)
    return path


def split(text: str) -> list[Sentence]:
    """A simple sentence splitter for tests (the real one lives in annotate.sentences)."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+|\n+", text):
        out.append(Sentence(start=start, end=m.start()))
        start = m.end()
    out.append(Sentence(start=start, end=len(text)))
    return out
