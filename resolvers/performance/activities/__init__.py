"""Recording activities and adding activity kinds."""
