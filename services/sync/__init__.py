"""Delta sync: what changed for a reader since its cursor (``changes(since:)``)."""
