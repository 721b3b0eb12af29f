"""GraphQL types of sales performance: activity kinds, metric definitions, KPIs."""
