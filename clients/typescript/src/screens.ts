/**
 * Six screens of a rep's, an approver's and a manager's phone app, written against the generated types.
 *
 * The point is the compile: `tsc --strict` must accept every line. The scalar checks in
 * `scalars.ts` fail the build if a scalar comes out as `unknown` or `any` again.
 */
import type { DealDeskClient } from "./client";
import {
  ApproveApprovalRequestDocument,
  ChangesDocument,
  CreateQuoteDocument,
  ManagerHomeDocument,
  PriceQuoteDocument,
  PricedQuoteFieldsFragmentDoc,
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

  type QuoteUrgency,
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
  const { repHome: home } = await client.run(RepHomeDocument, { first: 10 });
  const commission = home.commission;
  const earned: string | undefined = commission.earned?.amount;
  const attainment: string | null | undefined = commission.attainmentPercent;
  const nextTier = commission.nextTier?.next
    ? {
        name: commission.nextTier.next.name,
        rate: commission.nextTier.next.multiplier,
        needed: commission.nextTier.revenueNeeded?.amount ?? null,
      }
    : null;
  const quotes = home.urgentQuotes.quotes.map(({ quote, urgency, daysToExpiry }) => {
    const why: QuoteUrgency = urgency;
    const status: QuoteStatus = quote.status;
    const total: string = quote.netTotal.amount;
    return { id: quote.id, number: quote.number, status, total, why, daysToExpiry };
  });
  const waiting = home.approvalsWaiting.edges.map(({ node }) => ({
    id: node.id,
    quote: node.quote?.number ?? null,
    overdue: node.overdue,
    dueAt: node.dueAt ?? null,
  }));
  const kpis = home.todayKpis.kpis.map((kpi) => ({
    key: kpi.metric.key,
    value: kpi.value ?? null,
    target: kpi.target ?? null,
  }));
  const contests = home.contestStandings.map((c) => ({
    name: c.contest.name,
    rank: c.standing.rank,
    of: c.entrants,
    gap: c.gapToNext ?? null,
  }));
  const onboarding = home.onboarding.map((p) => ({ name: p.programme.name, percent: p.percent }));
  const newContent = { count: home.newContent.count, first: home.newContent.items.map((i) => i.item.title) };
  return {
    today: home.today,
    me: home.me.name,
    earned,
    attainment,
    nextTier,
    quotes,
    waiting,
    kpis,
    contests,
    onboarding,
    newContent,
  };
}

export async function managerHome(client: DealDeskClient, team: string | null = null) {
  const { managerHome: home } = await client.run(ManagerHomeDocument, { team });
  const waiting = home.approvalsWaiting.edges.map(({ node }) => ({
    id: node.id,
    quote: node.quote?.number ?? null,
    overdue: node.overdue,
  }));
  const attainment = new Map(home.commissions.map((c) => [c.rep.id, c.attainmentPercent ?? null]));
  const reps = home.team.map((member) => ({
    name: member.rep?.name ?? "",
    attainment: member.rep ? (attainment.get(member.rep.id) ?? null) : null,
    pipeline: member.openPipeline.map((t) => `${t.count} × ${t.amount.amount} ${t.amount.currency}`),
    stale: member.staleDeals.reduce((n, t) => n + t.count, 0),
    bestRank: Math.min(...member.contestStandings.map((c) => c.standing.rank), Infinity),
  }));
  const alerts = home.slippageAlerts.edges.map(({ node }) => ({
    reason: node.reason ?? null,
    rep: node.rep?.name ?? null,
  }));
  const forecast = home.forecast.map((p) => ({
    period: p.label,
    total: p.totals.total.amount,
    commit: p.totals.commit.amount,
  }));
  const stale = {
    count: home.staleQuotes.totalCount,
    totals: home.staleQuotes.totals.map((t) => `${t.count} × ${t.amount.amount} ${t.amount.currency}`),
    oldest: home.staleQuotes.edges.map(({ node }) => ({
      number: node.quote?.number ?? null,
      days: node.daysSinceTouch,
    })),
    more: home.staleQuotes.pageInfo.hasNextPage ? home.staleQuotes.pageInfo.endCursor : null,
  };
  return { manager: home.manager.name, waiting, reps, stale, alerts, forecast };
}

export async function livePrice(client: DealDeskClient, accountId: string, productId: string) {
  const { priceQuote } = await client.run(PriceQuoteDocument, {
    input: { accountId, lines: [{ key: "1", productId, quantity: 3 }] },
  });
  const priced = useFragment(PricedQuoteFieldsFragmentDoc, priceQuote);
  const net: string = priced.netTotal.amount;
  const firstLine = priced.lines[0];
  const waterfall = firstLine?.steps.map((step) => `${step.label}: ${step.amountDelta.amount}`);
  return { net, priced: priced.priced, breaches: priceQuote.breaches.length, waterfall: waterfall ?? [] };
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
