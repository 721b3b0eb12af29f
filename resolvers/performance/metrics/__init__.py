"""Metric definitions and KPI targets."""
