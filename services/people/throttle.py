"""Sign-in throttling: too many failed sign-ins for an account or from an address
and further attempts are refused, unchecked, until the oldest failure leaves the window.

A moving window over failures recorded in PostgreSQL (``db/queries/sign_in_failures``),
the one store all server processes share; the ``limits`` library keeps its
counters in memory (per process) or in Redis/Memcached/MongoDB, none of which we
run. Only failures count: a successful sign-in adds nothing and clears its
account's failures. A refused attempt is not checked and not counted, so it
costs no argon2 time and does not push the retry time further out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import sign_in_failures as failures
from db.queries.sign_in_failures import Scope


@dataclass(frozen=True, slots=True)
class SignInLimits:
    """Failures allowed within ``window_seconds``, per account email and per client address."""

    window_seconds: int = 300
    per_account: int = 5
    per_address: int = 30

    @property
    def window(self) -> timedelta:
        return timedelta(seconds=self.window_seconds)


def retry_after(
    failed_at: Sequence[datetime], limit: int, window: timedelta, now: datetime
) -> int | None:
    """Seconds until one more attempt is allowed, or None if one is allowed now.

    ``failed_at`` holds the failures inside the window, oldest first. With ``limit``
    or more of them, the next attempt is allowed when enough of the oldest have
    aged out to leave ``limit - 1``.
    """
    if len(failed_at) < limit:
        return None
    frees_at = failed_at[len(failed_at) - limit] + window
    return max(1, math.ceil((frees_at - now).total_seconds()))


def scopes(email: str, address: str | None) -> tuple[Scope, Scope | None]:
    # No address is longer than 320 characters; a longer input is refused by its own key.
    account: Scope = ("account", email.strip().lower()[:320])
    return account, (("address", address) if address else None)


class SignInThrottle:
    """One sign-in attempt's view of the throttle, inside its transaction."""

    def __init__(
        self,
        session: AsyncSession,
        limits: SignInLimits,
        email: str,
        address: str | None,
        now: datetime,
    ) -> None:
        self.session = session
        self.limits = limits
        self.account, self.address = scopes(email, address)
        self.now = now

    async def check(self) -> int | None:
        """Lock this account's sign-ins, then: seconds to wait, or None to go ahead."""
        await failures.lock_scope(self.session, self.account)
        since = self.now - self.limits.window
        waits = [
            retry_after(
                await failures.recent_failures(self.session, self.account, since),
                self.limits.per_account,
                self.limits.window,
                self.now,
            )
        ]
        if self.address is not None:
            waits.append(
                retry_after(
                    await failures.recent_failures(self.session, self.address, since),
                    self.limits.per_address,
                    self.limits.window,
                    self.now,
                )
            )
        found = [w for w in waits if w is not None]
        return max(found) if found else None

    async def failed(self) -> None:
        scopes_hit = [self.account] + ([self.address] if self.address is not None else [])
        await failures.record_failure(
            self.session, scopes_hit, self.now, self.now - self.limits.window
        )

    async def succeeded(self) -> None:
        await failures.clear_failures(self.session, self.account)
