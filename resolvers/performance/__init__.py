"""Sales performance: activities, KPIs, slippage, forecasts, contests, badges, onboarding."""
