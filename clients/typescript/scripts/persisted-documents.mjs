// Checks the trusted-documents manifest the client preset writes (src/gql/persisted-documents.json,
// the server's DEALDESK_TRUSTED_DOCUMENTS): every key is the sha256 of its document, every
// document is valid against the exported SDL (so the server accepts it), and every operation
// under src/operations is in it. The server side is checked by tests/api/test_client_manifest.py,
// which runs each entry through a trusted-documents-only server.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { buildSchema, Kind, parse, validate } from "graphql";

const here = new URL("../", import.meta.url).pathname;
const manifest = JSON.parse(readFileSync(`${here}src/gql/persisted-documents.json`, "utf8"));
const schema = buildSchema(readFileSync(`${here}../../schema/schema.graphql`, "utf8"));
const problems = [];
const names = new Set();

for (const [key, document] of Object.entries(manifest)) {
  const hex = key.replace(/^sha256:/, "");
  const actual = createHash("sha256").update(document, "utf8").digest("hex");
  if (!/^[0-9a-f]{64}$/.test(hex) || hex !== actual) {
    problems.push(`${key}: not the sha256 of its document (${actual})`);
  }
  const parsed = parse(document);
  for (const error of validate(schema, parsed)) problems.push(`${key}: ${error.message}`);
  for (const definition of parsed.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) names.add(definition.name?.value);
  }
}

for (const file of readdirSync(`${here}src/operations`).filter((f) => f.endsWith(".graphql"))) {
  const parsed = parse(readFileSync(`${here}src/operations/${file}`, "utf8"));
  for (const definition of parsed.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && !names.has(definition.name?.value)) {
      problems.push(`${file}: operation ${definition.name?.value} is not in the manifest`);
    }
  }
}

if (problems.length > 0) {
  console.error(`persisted-documents.json: ${problems.length} problem(s)`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
