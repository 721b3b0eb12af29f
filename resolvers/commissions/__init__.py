"""Commissions over GraphQL: plans, estimates, periods, statements, inquiries.

The use cases live in ``services.commissions``; this package decodes inputs, runs
them (``resolvers.mutation.perform``) and maps the results; its loaders are in
``resolvers.dataloaders.commissions``. ``CommissionQueries`` lives in
``resolvers.commissions.queries`` and ``CommissionMutations`` in
``resolvers.commissions.mutations``.
"""
