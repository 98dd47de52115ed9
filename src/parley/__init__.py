"""parley: deduplicated, source-linked diplomatic event data."""

__version__ = "0.1.0"
