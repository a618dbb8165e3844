// What the browser test files share: a `grantsite serve` of a site folder, and Chromium.
//
// The binary comes from GRANTSITE_BIN (default target/debug/grantsite), the browser from
// CHROMIUM_BIN (default /usr/bin/chromium).

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");
export const bin = path.resolve(repo, process.env.GRANTSITE_BIN || "target/debug/grantsite");
const browserPath = process.env.CHROMIUM_BIN || "/usr/bin/chromium";

const servers = new Set();
// Never leave a server behind, even when the runner is interrupted.
process.on("exit", () => servers.forEach((s) => s.child.kill("SIGKILL")));

/** Starts `grantsite serve -p 0 -r root`; resolves to { child, url, log } once it prints its
 *  URL. */
export function startServer(root) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["serve", "-p", "0", "-r", root], { stdio: ["ignore", "pipe", "pipe"] });
    const log = { out: "", err: "" };
    let done = false;
    const fail = (message) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${message}\n--- stdout\n${log.out}\n--- stderr\n${log.err}`));
    };
    const timer = setTimeout(() => fail("grantsite serve printed no URL within 30 s"), 30_000);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    // Keep draining both pipes for the whole run so the server never blocks on a full pipe.
    child.stdout.on("data", (chunk) => {
      log.out += chunk;
      const m = !done && log.out.match(/^serving .* at (http:\/\/[^\s/]+\/)/m);
      if (m) {
        done = true;
        clearTimeout(timer);
        const server = { child, url: m[1], log };
        servers.add(server);
        resolve(server);
      }
    });
    child.stderr.on("data", (chunk) => (log.err += chunk));
    child.on("error", (e) =>
      fail(`cannot start ${bin}: ${e.message} (run \`cargo build\` first, or set GRANTSITE_BIN)`),
    );
    child.on("exit", (code, signal) => fail(`grantsite serve exited (${signal || code}) before serving`));
  });
}

export async function stopServer(server) {
  if (!server) return;
  servers.delete(server);
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: browserPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}
