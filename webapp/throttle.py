"""A per-process limit on how often one key may do something: at most LIMIT times in
WINDOW seconds (failed logins per user name and address; reports of data errors from the
public per address). Per process, so a deployment of several workers allows that many times
more; enough to stop a script, which is the point."""

from __future__ import annotations

import time
from collections import defaultdict, deque


class Throttle:
    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[tuple, deque] = defaultdict(deque)

    def too_many(self, key: tuple) -> bool:
        recent = self._seen[key]
        while recent and recent[0] < time.monotonic() - self.window:
            recent.popleft()
        return len(recent) >= self.limit

    def count(self, key: tuple) -> None:
        self._seen[key].append(time.monotonic())

    def forget(self, key: tuple) -> None:
        self._seen.pop(key, None)

    def clear(self) -> None:
        self._seen.clear()
