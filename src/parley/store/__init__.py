"""The DuckDB store of parley: documents, mentions, event mentions and fused events.

Example:
    >>> from parley.store import Store
    >>> with Store(":memory:") as store:
    ...     store.stats().events
    0
"""

from __future__ import annotations

from parley.store.migrations import MIGRATIONS, SCHEMA_VERSION
from parley.store.records import StoredDocument, StoreStats
from parley.store.store import Store, new_run_id

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "Store", "StoreStats", "StoredDocument", "new_run_id"]
