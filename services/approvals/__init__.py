"""Approval use cases: submitting a quote, approvers' decisions, the rep's answers,
delegation, escalation and the rules; plus the reads that apply approval rules
(the plan a submit would run). Each takes the session, the actor and ``now``."""
