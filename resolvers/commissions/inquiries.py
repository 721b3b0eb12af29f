"""The inquiry mutations' shared payload and skeleton
(``services.commissions.inquiries`` holds the workflow)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from resolvers.mutation import mutations_sharing
from schema.types.commissions import CommissionInquiry as InquiryType


def changed(loaders: Any) -> Iterable[Any]:
    """The request's cached rows an inquiry mutation makes stale: the inquiry, its thread."""
    return loaders.commissions.inquiry_by_id, loaders.commissions.messages_by_inquiry_id


inquiry_mutation = mutations_sharing(
    "CommissionInquiryPayload",
    InquiryType,
    "inquiry",
    "openCommissionInquiry",
    "answerCommissionInquiry",
    "resolveCommissionInquiry",
    "rejectCommissionInquiry",
    forgets=changed,
)
"""``@mutation`` returning the inquiry mutations' ``CommissionInquiryPayload``."""
