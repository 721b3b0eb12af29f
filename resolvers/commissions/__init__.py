"""Commissions over GraphQL: plans, estimates, periods, statements, inquiries.

The use cases live in ``services.commissions``; this package decodes inputs, runs
them (``running.run``) and maps the results. Kept free of imports: the
dataloaders reach ``resolvers.commissions.loaders`` without pulling in every
mutation. ``CommissionQueries`` lives in ``resolvers.commissions.queries`` and
``CommissionMutations`` in ``resolvers.commissions.mutations``.
"""
