"""Imported once by the process pool's server (see ``parley.pipeline._forkserver``).

The server loads parley's own knowledge base and runs the stages on one sample document before
it forks any worker, so every worker starts with the knowledge base loaded and the stages warm
(their patterns compiled, their per-knowledge-base tables built): ~0.2 s of CPU that each worker
of each run spent before its first chunk. The knowledge base a run hands its workers pickles as
its directory and version (see ``parley.knowledge.Knowledge.__reduce__``), which finds it
loaded. Warm caches only hold what the same calls would build again, so output is unchanged.
"""

from __future__ import annotations

import contextlib

_SAMPLE = (
    "ASTANA, 28 October 2025 (Wire) -- Kazakhstan's President Kassym-Jomart Tokayev met "
    "Chinese Foreign Minister Wang Yi in Astana on Tuesday, and the two sides signed an "
    "agreement on trade worth $2 billion. Russia said it would send 40 tonnes of aid next "
    'month. "We condemn the attack," the ministry said on 27 October.\n\n'
    "Talks will continue in Beijing in 2026."
)


def _warm_up() -> None:
    """Load the knowledge base and put one sample document through every stage."""
    from parley.knowledge import load_knowledge
    from parley.models import Document
    from parley.pipeline import default_stages, process_chunk

    sample = Document(id="warm-up", raw=_SAMPLE, format="txt", published_raw="2025-10-28")
    process_chunk([sample], load_knowledge(), None, default_stages(), None)


# Nothing may take the server down (it would stop every run): a broken data directory or
# stage is reported by the run itself.
with contextlib.suppress(Exception):
    _warm_up()
