// Fails when the exported SDL breaks a client of the released schema without announcing it.
//
// The released schema is the SDL at the commit named in ../../schema/RELEASED (read with git,
// so no copy of the SDL is kept). A breaking change is graphql-js's own verdict
// (findBreakingChanges: a removed field or type, a changed kind, a new required argument...).
// To make one on purpose, deprecate first; where that cannot be done, list the change's exact
// line in ../../schema/ANNOUNCED-BREAKING-CHANGES.txt, and empty that list when RELEASED moves.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { buildSchema, findBreakingChanges } from "graphql";

const root = new URL("../../../", import.meta.url).pathname;
const released = readFileSync(`${root}schema/RELEASED`, "utf8")
  .split("\n")
  .find((line) => /^[0-9a-f]{40}$/.test(line.trim()))
  ?.trim();
if (released === undefined) {
  console.error("schema/RELEASED names no commit (40 hex digits on a line of its own)");
  process.exit(2);
}
const announced = new Set(
  readFileSync(`${root}schema/ANNOUNCED-BREAKING-CHANGES.txt`, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#")),
);

let before;
try {
  before = execFileSync("git", ["show", `${released}:schema/schema.graphql`], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
} catch (error) {
  console.error(`cannot read the released SDL at ${released}: ${error.stderr ?? error}`);
  console.error("(a shallow clone lacks it: fetch with full history)");
  process.exit(2);
}
const after = readFileSync(`${root}schema/schema.graphql`, "utf8");

const changes = findBreakingChanges(buildSchema(before), buildSchema(after)).map(
  (change) => `${change.type}: ${change.description}`,
);
const unannounced = changes.filter((line) => !announced.has(line));
for (const line of changes) {
  console.log(`${announced.has(line) ? "announced  " : "UNANNOUNCED"} ${line}`);
}
console.log(
  `${changes.length} breaking change(s) since ${released.slice(0, 12)}, ` +
    `${unannounced.length} unannounced`,
);
process.exit(unannounced.length === 0 ? 0 : 1);
