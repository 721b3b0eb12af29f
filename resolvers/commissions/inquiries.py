"""The inquiry mutations' shared payload and skeleton
(``services.commissions.inquiries`` holds the workflow)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from resolvers.mutation import mutation, payload_type
from schema.types.commissions import CommissionInquiry as InquiryType

CommissionInquiryPayload = payload_type("CommissionInquiryPayload", InquiryType, "inquiry")


def changed(loaders: Any) -> Iterable[Any]:
    """The request's cached rows an inquiry mutation makes stale: the inquiry, its thread."""
    return loaders.commissions.inquiry_by_id, loaders.commissions.messages_by_inquiry_id


def inquiry_mutation(use_case: Callable[..., Any], **options: Any) -> Any:
    """``@mutation(use_case, CommissionInquiry)`` returning the shared
    ``CommissionInquiryPayload { inquiry userErrors }``."""
    return mutation(
        use_case,
        InquiryType,
        field="inquiry",
        payload=CommissionInquiryPayload,
        forgets=changed,
        **options,
    )
