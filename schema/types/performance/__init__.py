"""Sales performance types: contests, badges, onboarding (KPIs and forecasts beside them)."""
