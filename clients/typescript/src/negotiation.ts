/**
 * The negotiation (issue 17) as a phone app and the customer's link page run it, written
 * against the generated types: the rep offers good / better / best, the customer picks one
 * and proposes a clause change and a counter-price, the rep accepts it (or declines).
 */
import type { DealDeskClient } from "./client";
import {
  AcceptQuoteChangeRequestDocument,
  AddQuoteOptionDocument,
  DeclineQuoteChangeRequestDocument,
  ProposeSharedQuoteChangeDocument,
  QuoteTimelineDocument,
  SelectSharedQuoteOptionDocument,
  SharedQuoteOptionsDocument,
  type ClauseChangeAction,
  type QuoteChangeRequestStatus,
  type QuoteStatus,
  type QuoteTimelineKind,
  type TimelineActorKind,
} from "./gql/graphql";

export async function offerOption(
  client: DealDeskClient,
  quoteId: string,
  version: number,
  name: string,
  productId: string,
  quantity: number,
) {
  const { addQuoteOption } = await client.run(AddQuoteOptionDocument, {
    input: { id: quoteId, version, name, lines: [{ productId, quantity }] },
  });
  const options = (addQuoteOption.quote?.options ?? []).map((option) => {
    const total: string = option.netTotal.amount;
    return { key: option.key, name: option.name, primary: option.primary, total };
  });
  return { version: addQuoteOption.quote?.version ?? null, options, errors: addQuoteOption.userErrors };
}

/** The customer's page: the options, then a pick and a proposal through the link. */
export async function customerProposes(
  client: DealDeskClient,
  token: string,
  name: string,
  counterPrice: string,
  newPaymentTerms: string,
) {
  const { sharedQuote } = await client.run(SharedQuoteOptionsDocument, { token });
  const better = sharedQuote.options.find((option) => !option.primary) ?? sharedQuote.options[0];
  if (better === undefined) return null;
  await client.run(SelectSharedQuoteOptionDocument, {
    input: { token, name, optionKey: better.key },
  });
  const clause = sharedQuote.clauses[0];
  const { proposeSharedQuoteChange } = await client.run(ProposeSharedQuoteChangeDocument, {
    input: {
      token,
      name,
      optionKey: better.key,
      clauseChanges:
        clause === undefined
          ? []
          : [{ action: "EDIT" satisfies ClauseChangeAction, clauseId: clause.clauseId, text: newPaymentTerms }],
      counterPrice: { amount: counterPrice, currency: sharedQuote.options[0]?.netTotal.currency ?? "USD" },
      comment: `${better.name}, at ${counterPrice}?`,
    },
  });
  const status: QuoteChangeRequestStatus | undefined = proposeSharedQuoteChange.changeRequest?.status;
  return { status, errors: proposeSharedQuoteChange.userErrors };
}

/** The rep's negotiation screen: the open proposals and the timeline, then the answer. */
export async function repAnswers(client: DealDeskClient, quoteId: string, accept: boolean) {
  const { node } = await client.run(QuoteTimelineDocument, { id: quoteId, first: 50 });
  if (node == null || node.__typename !== "Quote") return null;
  const timeline = node.timeline.edges.map(({ node: entry }) => {
    const kind: QuoteTimelineKind = entry.kind;
    const who: TimelineActorKind = entry.actorKind;
    return { kind, who, at: entry.at, message: entry.message ?? null };
  });
  const proposal = node.changeRequests[0];
  if (proposal === undefined) return { timeline, status: null };
  if (!accept) {
    const { declineQuoteChangeRequest } = await client.run(DeclineQuoteChangeRequestDocument, {
      id: proposal.id,
      reason: "We cannot go below this price.",
    });
    return { timeline, status: declineQuoteChangeRequest.changeRequest?.status ?? null };
  }
  const { acceptQuoteChangeRequest } = await client.run(AcceptQuoteChangeRequestDocument, {
    id: proposal.id,
    version: node.version,
  });
  const quoteStatus: QuoteStatus | undefined = acceptQuoteChangeRequest.quote?.status;
  return { timeline, status: acceptQuoteChangeRequest.changeRequest?.status ?? null, quoteStatus };
}
