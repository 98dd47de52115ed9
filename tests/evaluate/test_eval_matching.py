"""The one-to-one matcher: optimal on small matrices, never pairs incompatible items."""

from __future__ import annotations

from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.evaluate.matching import max_weight_matching


def _brute_force(weights: list[list[float]]) -> float:
    rows = len(weights)
    cols = len(weights[0]) if weights else 0
    best = 0.0
    n = max(rows, cols)
    for perm in permutations(range(n), rows) if rows <= n else []:
        total = sum(weights[i][j] for i, j in enumerate(perm) if j < cols and weights[i][j] > 0)
        best = max(best, total)
    return best


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ([], []),
        ([[0.0, 0.0]], []),
        ([[1.0]], [(0, 0)]),
        ([[1.0, 2.0], [1.0, 0.0]], [(0, 1), (1, 0)]),
        ([[5.0, 4.0], [4.0, 0.0]], [(0, 1), (1, 0)]),
        ([[1.0], [3.0], [2.0]], [(1, 0)]),
        ([[0.0, 1.0, 0.0]], [(0, 1)]),
    ],
    ids=["empty", "all-zero", "single", "swap", "sum-beats-greedy", "tall", "wide"],
)
def test_max_weight_matching_examples(weights, expected):
    assert max_weight_matching(weights) == expected


weights_strategy = st.integers(1, 4).flatmap(
    lambda rows: st.integers(1, 4).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.sampled_from([0.0, 0.5, 1.0, 1.25, 2.0, 3.0]), min_size=cols, max_size=cols
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(weights_strategy)
def test_max_weight_matching_is_optimal_and_one_to_one(weights):
    pairs = max_weight_matching(weights)
    assert len({i for i, _ in pairs}) == len(pairs)
    assert len({j for _, j in pairs}) == len(pairs)
    assert all(weights[i][j] > 0 for i, j in pairs)
    assert sum(weights[i][j] for i, j in pairs) == pytest.approx(_brute_force(weights))
