"""Sales performance: activities, metric definitions, targets and KPIs."""
