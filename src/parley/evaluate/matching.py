"""One-to-one matching of gold and predicted items (Hungarian algorithm, no SciPy needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def max_weight_matching(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Pair rows with columns one-to-one so that the total weight is as large as possible.

    Pairs of weight ``<= 0`` are never returned (they mean "incompatible").

    Args:
        weights: a rows x columns matrix (rows may differ in number from columns).

    Returns:
        ``(row, column)`` pairs sorted by row.

    Example:
        >>> max_weight_matching([[1.0, 2.0], [1.0, 0.0]])
        [(0, 1), (1, 0)]
    """
    rows = len(weights)
    cols = max((len(r) for r in weights), default=0)
    if rows == 0 or cols == 0:
        return []
    n = max(rows, cols)
    # Hungarian method (potentials, O(n^3)) minimising cost = -weight on a padded square matrix.
    cost = [[0.0] * (n + 1) for _ in range(n + 1)]
    for i, row in enumerate(weights):
        for j, w in enumerate(row):
            cost[i + 1][j + 1] = -w if w > 0 else 0.0
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    p = [0] * (n + 1)
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [math.inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = math.inf
            j1 = 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0][j] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, n + 1):
        i = p[j]
        if 1 <= i <= rows and j <= len(weights[i - 1]) and weights[i - 1][j - 1] > 0:
            pairs.append((i - 1, j - 1))
    return sorted(pairs)
