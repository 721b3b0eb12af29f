"""What the client selected below a field (``schema.selections``, where the schema's own
types reach it too: a connection type prefetches what its nodes show)."""

from __future__ import annotations

from schema.selections import asks_for, asks_path, nodes_ask

__all__ = ["asks_for", "asks_path", "nodes_ask"]
