"""Contests, badges and onboarding: their queries and mutations (V3)."""
