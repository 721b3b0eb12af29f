"""Running CPU-bound work off the event loop (see ``offload.pool``)."""

from offload.pool import CpuPool

__all__ = ["CpuPool"]
