"""Commissions use cases: plans and assignments (``plans``), the calendar and periods
(``periods``, ``closing``), adjustments, inquiries, statements, a quote's splits and
reversal (``quotes``), crediting won quotes (``crediting``, ``crediting_hook``), and the
reads that compute: estimates, the dashboard, period states.

Kept free of imports: ``services.quotes.transitions`` reaches the crediting hook
without pulling in the rest.
"""
