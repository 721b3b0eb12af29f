"""Sales performance use cases: activities, KPIs, rollups, slippage, forecasts, contests."""
