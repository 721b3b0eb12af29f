"""GraphQL types of sales performance: activities, KPIs, slippage, forecasts, contests."""
