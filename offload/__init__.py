"""Running CPU-bound work off the event loop (see ``offload.pool``, and ``offload.workers``
for processes addressed one by one: a period close's)."""

from offload.pool import CpuPool
from offload.workers import Workers

__all__ = ["CpuPool", "Workers"]
