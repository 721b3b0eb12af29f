"""KPI queries."""
