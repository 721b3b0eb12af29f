"""Commissions over GraphQL: plans, crediting won quotes, estimates, periods, statements, inquiries.

Kept free of imports: ``services.quotes.transitions`` reaches the crediting hook
and ``resolvers.dataloaders`` the loaders without pulling in every mutation.
``CommissionQueries`` lives in ``resolvers.commissions.queries`` and
``CommissionMutations`` in ``resolvers.commissions.mutations``.
"""
