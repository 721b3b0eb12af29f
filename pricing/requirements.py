"""Loops among a bundle's REQUIRES rules: A requires B requires A can never be satisfied."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def requires_cycle(edges: Sequence[tuple[K, K]], new: tuple[K, K]) -> list[K] | None:
    """The loop the edge ``new`` would close among ``edges`` (option → required option),
    as [a, b, …, a], or None when it closes none."""
    source, target = new
    successors: dict[K, list[K]] = {}
    for a, b in edges:
        successors.setdefault(a, []).append(b)
    previous: dict[K, K] = {target: target}
    queue = deque([target])
    while queue:
        node = queue.popleft()
        if node == source:
            path = [source]
            while path[-1] != target:
                path.append(previous[path[-1]])
            return [source, *reversed(path)]
        for following in successors.get(node, []):
            if following not in previous:
                previous[following] = node
                queue.append(following)
    return None
