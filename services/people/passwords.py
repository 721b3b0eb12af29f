"""Password hashing with argon2id, off the event loop.

One argon2 hash or verification costs ~0.3-0.6 s of CPU by design; done on the
event loop it would stall every other request for that long. ``argon2-cffi``
releases the GIL while it computes, so ``Passwords`` runs it on the CPU pool's
threads. The cost parameters are settings: production keeps argon2's defaults
(RFC 9106 low-memory profile), tests use cheap ones. A stored hash carries the
parameters it was made with, so verification works whatever they are now, and
``needs_rehash`` tells when a sign-in should upgrade it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True, slots=True)
class Argon2Parameters:
    """argon2id cost: passes over memory, memory in KiB, lanes."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_cost_kib, parallelism=self.parallelism
        )


def hash_password(password: str, parameters: Argon2Parameters = Argon2Parameters()) -> str:
    """Hash on the calling thread: for commands and fixtures, never on a serving loop."""
    return parameters.hasher().hash(password)


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


Runner = Callable[..., Awaitable[Any]]


class Hasher(Protocol):
    """What a use case that stores a password needs: ``Passwords``, or a stand-in."""

    async def hash(self, password: str) -> str: ...


class Passwords:
    """Hash and verify without holding the event loop.

    ``run`` runs a blocking function elsewhere (the CPU pool's threads); by default
    ``asyncio.to_thread``.
    """

    def __init__(
        self, parameters: Argon2Parameters = Argon2Parameters(), run: Runner | None = None
    ) -> None:
        self._hasher = parameters.hasher()
        self._run: Runner = run or asyncio.to_thread
        self._dummy_hash: str | None = None

    async def hash(self, password: str) -> str:
        hashed: str = await self._run(self._hasher.hash, password)
        return hashed

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True if ``password`` matches. With no hash (unknown email) a dummy hash is
        checked all the same, so the reply takes as long and leaks nothing."""
        if password_hash is None:
            if self._dummy_hash is None:
                self._dummy_hash = await self.hash("not-a-real-password")
            await self._run(_verify, self._hasher, self._dummy_hash, password)
            return False
        matches: bool = await self._run(_verify, self._hasher, password_hash, password)
        return matches

    def needs_rehash(self, password_hash: str) -> bool:
        """The stored hash was made with other parameters than today's."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return False
