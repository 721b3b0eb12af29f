"""Sales performance use cases: activities, KPIs, slippage, forecasts, contests, badges."""
