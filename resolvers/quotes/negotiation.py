"""The negotiation's mutations: the rep's options, the customer's picks and proposals
through the shared link, and the rep's answer to a proposal."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay

import quotes.negotiation as engine
from db.models.negotiation import QuoteChangeRequest as ChangeRequestRow
from db.models.quotes import Quote as QuoteRow
from resolvers.fields import mutation_field, public_mutation_field
from resolvers.mutation import (
    EditInput,
    Outcome,
    decode_id,
    forget,
    key,
    payload_of,
    payload_with,
    perform,
    perform_public,
)
from resolvers.quotes.inputs import QuoteLineInput, new_line, quote_ref
from resolvers.quotes.shared import SharedQuotePayload, shared_quote_type
from schema.errors import UserError
from schema.scalars import CurrencyCode
from schema.text_limits import Comment, Document, LongName, MaxLength, Reason, Token
from schema.types.negotiation import ClauseChangeAction, QuoteChangeRequest
from schema.types.quote import Quote
from schema.types.quote_mutation import QuotePayload, quote_payload
from schema.types.shared_quote import SharedQuote, SharedQuoteChangeRequest
from services.approvals.change_requests import accept_and_submit
from services.quotes import negotiation as use_cases
from services.quotes.negotiation_options import (
    OptionContent,
    add_quote_option,
    remove_quote_option,
    update_quote_option,
)
from services.quotes.sharing import SharedQuoteView
from services.refusal import Refused

OptionKey = Annotated[str, MaxLength(16)]
OptionName = Annotated[str, MaxLength(120)]
OptionDescription = Annotated[str, MaxLength(2_000)]
CustomerName = Annotated[str, MaxLength(200)]


@strawberry.input(description="A new option (alternative) on the quote: its name and lines.")
class AddQuoteOptionInput(EditInput):
    name: OptionName
    """What the customer sees it called (e.g. Better)."""
    lines: list[QuoteLineInput]
    """Its lines (1 to the quote line limit), priced as the quote's would be."""
    description: OptionDescription = ""
    """What sets it apart, for the customer."""


@strawberry.input(description="Changes to one option of the quote; null fields stay.")
class UpdateQuoteOptionInput(EditInput):
    key: OptionKey
    """The option's key (`QuoteOption.key`)."""
    name: OptionName | None = None
    """Its new name."""
    description: OptionDescription | None = None
    """Its new description."""
    lines: list[QuoteLineInput] | None = None
    """Its new lines, replacing the old (the primary option's are the quote's own lines)."""


@strawberry.input(description="Removes one alternative option from the quote.")
class RemoveQuoteOptionInput(EditInput):
    key: OptionKey
    """The option's key; the primary option (O1) cannot be removed."""


def _content(input: AddQuoteOptionInput | UpdateQuoteOptionInput) -> OptionContent:
    lines = None if input.lines is None else tuple(new_line(line) for line in input.lines)
    return OptionContent(name=input.name, description=input.description, lines=lines)


async def add_quote_option_resolver(
    info: strawberry.Info, input: AddQuoteOptionInput
) -> QuotePayload:
    """The quote (`id`, `version`) and the option."""
    config = info.context.config.pricing
    outcome = await perform(info, add_quote_option, config, quote_ref(input), _content(input))
    return quote_payload(info, outcome)


async def update_quote_option_resolver(
    info: strawberry.Info, input: UpdateQuoteOptionInput
) -> QuotePayload:
    """The quote (`id`, `version`), the option's key and what changes."""
    config = info.context.config.pricing
    outcome = await perform(
        info, update_quote_option, config, quote_ref(input), input.key, _content(input)
    )
    return quote_payload(info, outcome)


async def remove_quote_option_resolver(
    info: strawberry.Info, input: RemoveQuoteOptionInput
) -> QuotePayload:
    """The quote (`id`, `version`) and the option's key."""
    outcome = await perform(info, remove_quote_option, quote_ref(input), input.key)
    return quote_payload(info, outcome)


@strawberry.input(description="The customer picks an option through the shared link.")
class SelectSharedQuoteOptionInput:
    token: Token
    """The token from the shared link (`shareQuote`)."""
    name: CustomerName
    """Who picks, for the customer."""
    option_key: OptionKey
    """The option's key (`SharedQuote.options.key`)."""


@strawberry.input(description="A clause change the customer proposes.")
class ClauseChangeInput:
    action: ClauseChangeAction = strawberry.field(  # type: ignore[valid-type]
        description="ADD (with `text`, optionally `title`), REMOVE or EDIT (with `clauseId`)."
    )
    clause_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The clause to remove or edit (`SharedQuote.clauses.id`); none for ADD.",
    )
    title: LongName | None = strawberry.field(
        default=None, description="The new clause's title (ADD), or a new title (EDIT)."
    )
    text: Document | None = strawberry.field(
        default=None, description="The new clause's text (ADD) or the edited text (EDIT)."
    )


@strawberry.input(description="An amount of money in a currency.")
class MoneyInput:
    amount: Decimal
    """The amount (not negative; the currency's minor units at most)."""
    currency: CurrencyCode
    """Its currency: the offer's."""


@strawberry.input(
    description="The customer's proposal through the shared link: an option, clause changes, "
    "a counter-price and a comment (at least one). No sign-in: the token stands for them."
)
class ProposeSharedQuoteChangeInput:
    token: Token
    """The token from the shared link (`shareQuote`)."""
    name: CustomerName
    """Who proposes, for the customer."""
    option_key: OptionKey | None = None
    """The option the proposal is for; null: none named."""
    clause_changes: list[ClauseChangeInput] = strawberry.field(
        default_factory=list, description="Clause changes, applied in order (at most 20)."
    )
    counter_price: MoneyInput | None = None
    """The price the customer offers for the whole offer (net, in its currency)."""
    comment: Comment = ""
    """A comment for the rep."""


@strawberry.type(description="The customer's proposal, or why it was refused.")
class ProposeSharedQuoteChangePayload:
    quote: SharedQuote | None = None
    """The offer as the customer sees it; null when refused."""
    change_request: SharedQuoteChangeRequest | None = None
    """The proposal as recorded (OPEN); null when refused."""
    user_errors: list[UserError]
    """Why it was refused; empty on success."""


def _clause_change(change: ClauseChangeInput, index: int) -> use_cases.ClauseChangeInput:
    pk = None
    if change.clause_id is not None:
        try:
            pk = decode_id(
                str(change.clause_id),
                "QuoteClause",
                ("input", "clauseChanges", str(index), "clauseId"),
            )
        except Refused:
            pk = -1  # refused by the use case as a clause not on the offer
    return use_cases.ClauseChangeInput(
        action=engine.ClauseAction(change.action.value),
        clause_id=pk,
        title=change.title,
        text=change.text,
        named_clause=change.clause_id is not None,
    )


async def select_shared_quote_option(
    info: strawberry.Info, input: SelectSharedQuoteOptionInput
) -> SharedQuotePayload:
    """The share token, the customer's name and the option's key."""
    outcome = await perform_public(
        info,
        use_cases.select_shared_quote_option,
        info.context.config.tokens.secret,
        input.token,
        input.option_key,
        input.name,
    )
    return payload_of(SharedQuotePayload, outcome, "quote", shared_quote_type)


async def propose_shared_quote_change(
    info: strawberry.Info, input: ProposeSharedQuoteChangeInput
) -> ProposeSharedQuoteChangePayload:
    """The share token, the customer's name and the proposal."""
    counter = input.counter_price
    proposal = use_cases.Proposal(
        token=input.token,
        name=input.name,
        option_key=input.option_key,
        clause_changes=tuple(_clause_change(c, i) for i, c in enumerate(input.clause_changes)),
        counter_price=None if counter is None else counter.amount,
        counter_currency=None if counter is None else str(counter.currency),
        comment=input.comment,
    )
    secret = info.context.config.tokens.secret
    outcome = await perform_public(info, use_cases.propose_shared_quote_change, secret, proposal)
    return await payload_with(ProposeSharedQuoteChangePayload, outcome, _proposed)


def _proposed(value: tuple[SharedQuoteView, ChangeRequestRow]) -> dict[str, Any]:
    view, request = value
    return {
        "quote": shared_quote_type(view),
        "change_request": SharedQuoteChangeRequest.from_row(request, view.quote.currency),
    }


@strawberry.input(description="Accept a customer's change request into a new revision.")
class AcceptQuoteChangeRequestInput:
    id: relay.GlobalID
    """The change request's global ID."""
    version: int
    """The quote's `version` as read; a stale one (or a quote revised since) is a CONFLICT."""


@strawberry.input(description="Decline a customer's change request, saying why.")
class DeclineQuoteChangeRequestInput:
    id: relay.GlobalID
    """The change request's global ID."""
    reason: Reason
    """Why, shown to the customer through the link and kept in the timeline."""


@strawberry.type(description="The change request after the rep's answer, or why nothing changed.")
class QuoteChangeRequestPayload:
    change_request: QuoteChangeRequest | None = None
    """The change request as answered; null when refused."""
    quote: Quote | None = None
    """The quote: accepted, its new revision submitted for approval (PENDING_APPROVAL, or
    APPROVED when no approval is needed); null when refused."""
    user_errors: list[UserError]
    """Why nothing changed; empty on success."""


def _answered(
    info: strawberry.Info, outcome: Outcome[tuple[QuoteRow, ChangeRequestRow]]
) -> QuoteChangeRequestPayload:
    if outcome.value is None:
        return QuoteChangeRequestPayload(user_errors=outcome.errors)
    quote, request = outcome.value
    shown = quote_payload(info, Outcome(quote, []))
    forget([info.context.loaders.negotiation.change_requests_by_quote_id], quote.id)
    return QuoteChangeRequestPayload(
        change_request=QuoteChangeRequest.from_row(request), quote=shown.quote, user_errors=[]
    )


async def accept_quote_change_request(
    info: strawberry.Info, input: AcceptQuoteChangeRequestInput
) -> QuoteChangeRequestPayload:
    """The change request (`id`) and the quote's `version` as read."""
    pk = key(input.id, "QuoteChangeRequest")
    outcome = await perform(info, accept_and_submit, info.context.config.pricing, pk, input.version)
    return _answered(info, outcome)


async def decline_quote_change_request(
    info: strawberry.Info, input: DeclineQuoteChangeRequestInput
) -> QuoteChangeRequestPayload:
    """The change request (`id`) and why it is declined."""
    pk = key(input.id, "QuoteChangeRequest")
    outcome = await perform(info, use_cases.decline_quote_change_request, pk, input.reason)
    return _answered(info, outcome)


@strawberry.type
class NegotiationMutations:
    add_quote_option: QuotePayload = mutation_field(
        add_quote_option_resolver,
        "Add an alternative option (good / better / best) with its own lines; the first "
        "also names the quote's own lines as option O1.",
    )
    update_quote_option: QuotePayload = mutation_field(
        update_quote_option_resolver, "Rename, describe or replace the lines of an option."
    )
    remove_quote_option: QuotePayload = mutation_field(
        remove_quote_option_resolver, "Remove an alternative option."
    )
    select_shared_quote_option: SharedQuotePayload = public_mutation_field(
        select_shared_quote_option, "Public: the customer picks an option through the link."
    )
    propose_shared_quote_change: ProposeSharedQuoteChangePayload = public_mutation_field(
        propose_shared_quote_change,
        "Public: the customer proposes an option, clause changes, a counter-price and a "
        "comment through the link; the rep hears of it at once (`quoteTimeline`).",
    )
    accept_quote_change_request: QuoteChangeRequestPayload = mutation_field(
        accept_quote_change_request,
        "Accept a customer's proposal: a new revision with the chosen option's lines, the "
        "clause changes and the counter-price as a quote discount, submitted for approval.",
    )
    decline_quote_change_request: QuoteChangeRequestPayload = mutation_field(
        decline_quote_change_request, "Decline a customer's proposal with a reason."
    )
