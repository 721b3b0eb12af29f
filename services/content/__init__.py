"""Enablement content: OPS's create, update and retire, and the reps' search."""
