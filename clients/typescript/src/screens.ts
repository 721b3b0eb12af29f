/**
 * Five screens of a rep's and an approver's phone app, written against the generated types.
 *
 * The point is the compile: `tsc --strict` must accept every line. The scalar checks in
 * `scalars.ts` fail the build if a scalar comes out as `unknown` or `any` again.
 */
import type { DealDeskClient } from "./client";
import {
  ApproveApprovalRequestDocument,
  ChangesDocument,
  CreateQuoteDocument,
  PriceQuoteDocument,
  RepHomeDocument,
  SignInDocument,
  type ErrorCode,
  type QuoteStatus,
  type TombstoneKind,
  SyncedClauseFragmentDoc,
  SyncedContentItemFragmentDoc,
  SyncedPriceBookEntryFragmentDoc,
  SyncedPriceBookFragmentDoc,
  SyncedProductFragmentDoc,
  SyncedQuoteFragmentDoc,
} from "./gql/graphql";
import { useFragment } from "./gql/fragment-masking";

/** What a screen shows for a refused mutation: the code to switch on, the field to mark. */
export interface Problem {
  code: ErrorCode;
  field: readonly string[];
  message: string;
}

export async function signIn(client: DealDeskClient, email: string, password: string) {
  const { login } = await client.run(SignInDocument, { email, password });
  if (login.session == null) {
    const retryIn: number | null | undefined = login.retryAfterSeconds;
    return { signedIn: false as const, problems: login.userErrors.map(toProblem), retryIn };
  }
  client.signedInAs(login.session.accessToken);
  const expiresAt: string = login.session.accessTokenExpiresAt;
  return { signedIn: true as const, user: login.session.user.name, expiresAt };
}

export async function repHome(client: DealDeskClient) {
  const home = await client.run(RepHomeDocument, { first: 10 });
  const commissions = home.myCommissions;
  const earned: string | undefined = commissions.earned?.amount;
  const attainment: string | null | undefined = commissions.attainmentPercent;
  const quotes = home.myQuotes.edges.map(({ node }) => {
    const status: QuoteStatus = node.status;
    const total: string = node.netTotal.amount;
    return { id: node.id, number: node.number, status, total, validUntil: node.validUntil };
  });
  const inbox = home.myApprovalInbox.edges.map(({ node }) => ({
    id: node.id,
    overdue: node.overdue,
    dueAt: node.dueAt ?? null,
  }));
  return { me: home.me.name, earned, attainment, quotes, inbox };
}

export async function livePrice(client: DealDeskClient, accountId: string, productId: string) {
  const { priceQuote } = await client.run(PriceQuoteDocument, {
    input: { accountId, lines: [{ key: "1", productId, quantity: 3 }] },
  });
  const net: string = priceQuote.netTotal.amount;
  const firstLine = priceQuote.lines[0];
  const waterfall = firstLine?.steps.map((step) => `${step.label}: ${step.amountDelta.amount}`);
  return { net, priced: priceQuote.priced, waterfall: waterfall ?? [] };
}

export async function createQuote(client: DealDeskClient, accountId: string, productId: string) {
  const { createQuote: payload } = await client.run(CreateQuoteDocument, {
    input: {
      accountId,
      idempotencyKey: "a-phone-generated-uuid",
      lines: [{ productId, quantity: 2, discount: { percent: "5" } }],
    },
  });
  if (payload.quote == null) return { problems: payload.userErrors.map(toProblem) };
  return { id: payload.quote.id, number: payload.quote.number, version: payload.quote.version };
}

export async function approve(client: DealDeskClient, requestId: string) {
  const { approveApprovalRequest: payload } = await client.run(ApproveApprovalRequestDocument, {
    id: requestId,
    comment: "Approved from the car park",
  });
  if (payload.approvalRequest == null) return { problems: payload.userErrors.map(toProblem) };
  return { status: payload.approvalRequest.status, myTurn: payload.approvalRequest.myTurn };
}

function toProblem(error: { code: ErrorCode; field?: string[] | null; message: string }): Problem {
  return { code: error.code, field: error.field ?? [], message: error.message };
}

/** The phone's cache as delta sync fills it: entities by id, and the cursor to resume from. */
export interface SyncedCache {
  cursor: string | null;
  entities: Map<string, { typename: string; version?: number }>;
}

/** Resync in as few requests as it takes: pages until `hasMore` is false; on
 * `resetRequired`, drop the cache and start again from null. */
export async function resync(client: DealDeskClient, cache: SyncedCache): Promise<number> {
  let requests = 0;
  for (;;) {
    const { changes } = await client.run(ChangesDocument, { since: cache.cursor, first: 200 });
    requests += 1;
    if (changes.resetRequired) {
      cache.entities.clear();
      cache.cursor = null;
      continue;
    }
    for (const ref of changes.products) {
      const product = useFragment(SyncedProductFragmentDoc, ref);
      const version: number = product.version;
      cache.entities.set(product.id, { typename: "Product", version });
    }
    for (const ref of changes.priceBookEntries) {
      const entry = useFragment(SyncedPriceBookEntryFragmentDoc, ref);
      const price: string = entry.unitPrice;
      cache.entities.set(entry.id, { typename: `PriceBookEntry:${price}` });
    }
    for (const ref of changes.clauses) {
      const clause = useFragment(SyncedClauseFragmentDoc, ref);
      cache.entities.set(clause.clauseId, { typename: "LibraryClause", version: clause.version });
    }
    for (const ref of changes.quotes) {
      const quote = useFragment(SyncedQuoteFragmentDoc, ref);
      const total: string = quote.netTotal.amount;
      cache.entities.set(quote.id, { typename: `Quote:${total}`, version: quote.version });
    }
    for (const ref of changes.contentItems) {
      const item = useFragment(SyncedContentItemFragmentDoc, ref);
      cache.entities.set(item.id, { typename: "ContentItem", version: item.version });
    }
    for (const ref of changes.priceBooks) {
      const book = useFragment(SyncedPriceBookFragmentDoc, ref);
      cache.entities.set(book.id, { typename: "PriceBook" });
    }
    for (const stone of changes.tombstones) {
      const kind: TombstoneKind = stone.kind;
      if (kind === "DELETED" || kind === "RETIRED" || kind === "REVOKED") {
        cache.entities.delete(stone.entityId);
      }
    }
    cache.cursor = changes.cursor ?? null;
    if (!changes.hasMore) {
      return requests;
    }
  }
}
