"""Deal use cases spanning the domains: ``preview`` (``previewDeal``: price, approvals, pay,
incentives and content for proposed lines in one answer, nothing saved)."""
