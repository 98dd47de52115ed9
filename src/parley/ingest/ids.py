"""Document ids: the given id, else a hash of the normalised content."""

from __future__ import annotations

import hashlib
import unicodedata


def normalise_content(text: str) -> str:
    """The form of a text that its id is computed from: NFKC, casefolded, whitespace collapsed.

    Args:
        text: any document text.

    Returns:
        The normalised text.

    Example:
        >>> normalise_content("  Talks\\u00a0HELD \\n")
        'talks held'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def document_id(text: str) -> str:
    """The id of a document that has none: ``doc-`` + 16 hex digits of its content hash.

    The same content read twice (from any file, in any encoding, with other spacing or case)
    gets the same id, so the store can drop the second copy.

    Args:
        text: the document text (``Document.raw``).

    Returns:
        ``"doc-"`` followed by the first 16 hex digits of the SHA-256 of the normalised text.

    Example:
        >>> document_id("Talks held.") == document_id("  talks   HELD. ")
        True
    """
    digest = hashlib.sha256(normalise_content(text).encode("utf-8")).hexdigest()
    return f"doc-{digest[:16]}"
