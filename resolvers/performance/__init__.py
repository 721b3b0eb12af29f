"""Sales performance: activities, KPIs, slippage, forecasts, contests."""
