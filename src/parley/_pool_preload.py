"""Imported once by the process pool's server (see ``parley.pipeline._forkserver``).

The server loads parley's own knowledge base before it forks any worker, so every worker starts
with it: the knowledge base a run hands its workers pickles as its directory and version (see
``parley.knowledge.Knowledge.__reduce__``), which finds it loaded already instead of each worker
building it again (~0.1 s of CPU per worker and run).
"""

from __future__ import annotations

import contextlib

from parley.knowledge import load_knowledge

# Nothing may take the server down (it would stop every run): a broken data directory is
# reported by the run's own load.
with contextlib.suppress(Exception):
    load_knowledge()
