"""Approval by email: the approver is told by mail, and decides with a signed link or a reply.

``services.approvals.mail_queue`` writes who to tell, in the transaction that makes a step
await them; ``sending`` builds the messages a job sends (one each, or a digest); ``links``
decides through a signed link; ``replies`` through an answer by mail. Every decision goes
through ``services.approvals.deciding.decide_request``, acting as the approver the mail was for.
"""
