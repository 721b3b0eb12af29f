// Audits a running DealDesk server against the GraphQL-over-HTTP spec with graphql-http's
// serverAudits. Starts nothing itself: .ci/run starts the server and passes its URL.
//
//   node audit.mjs http://127.0.0.1:8000/graphql     (or GRAPHQL_URL=...)
//
// Prints every audit that is not ok and the counts; exits 1 on any failure or warning
// (or notice), and 2 when the server cannot be reached at all.
import { serverAudits } from 'graphql-http';

const url = process.argv[2] ?? process.env.GRAPHQL_URL;
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint url>');
  process.exit(2);
}

const counts = { ok: 0, error: 0, warn: 0, notice: 0 };
const audits = serverAudits({ url });
for (const audit of audits) {
  let result;
  try {
    result = await audit.fn();
  } catch (err) {
    // graphql-http throws only on fatal problems, e.g. nothing listening.
    console.error(`FATAL ${audit.id} ${audit.name}: ${err?.cause?.message ?? err}`);
    process.exit(2);
  }
  counts[result.status] = (counts[result.status] ?? 0) + 1;
  if (result.status !== 'ok') {
    let body = '';
    try {
      body = (await result.response.text()).slice(0, 300);
    } catch {
      // the body may already have been read by the audit
    }
    console.log(`${result.status.toUpperCase()} ${result.id} ${result.name}`);
    console.log(`    ${result.reason}`);
    console.log(`    HTTP ${result.response.status}: ${body}`);
  }
}

console.log(
  `graphql-http audit of ${url}: ${audits.length} audits, ${counts.ok} passed, ` +
    `${counts.error} failed, ${counts.warn} warnings, ${counts.notice} notices`,
);
process.exit(counts.error + counts.warn + counts.notice > 0 ? 1 : 0);
