"""The public surface of parley.fuse: exactly what __all__ promises, each documented."""

from __future__ import annotations

import inspect

import parley.fuse as fuse


def test_fuse_all_lists_the_public_api() -> None:
    assert sorted(fuse.__all__) == [
        "BlockKey",
        "DocInfo",
        "assignments",
        "block_key",
        "component_labels",
        "components_by_family",
        "describe_document",
        "doc_signature",
        "fuse_block",
        "fuse_blocked",
        "fuse_mentions",
        "fusion_blocks",
        "fusion_components",
        "is_near_duplicate",
        "pack_components",
        "signature_similarity",
    ]
    public = {
        n for n in dir(fuse) if not n.startswith("_") and not inspect.ismodule(getattr(fuse, n))
    }
    assert public == set(fuse.__all__)


def test_fuse_public_functions_document_args_and_returns() -> None:
    for name in fuse.__all__:
        obj = getattr(fuse, name)
        doc = inspect.getdoc(obj) or ""
        assert doc, name
        if inspect.isfunction(obj):
            assert "Args:" in doc and "Returns:" in doc, name


def test_fuse_mentions_signature_matches_the_documented_seam() -> None:
    params = list(inspect.signature(fuse.fuse_mentions).parameters)
    assert params == ["mentions", "docs", "previous"]
    assert dict(inspect.signature(fuse.fuse_mentions).parameters["previous"].default) == {}
