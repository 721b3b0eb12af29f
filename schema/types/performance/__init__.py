"""GraphQL types of sales performance: KPIs, slippage, forecasts, contests."""
