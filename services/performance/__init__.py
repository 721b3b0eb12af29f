"""Sales performance use cases: activities, metric definitions, rollups, targets and KPIs."""
