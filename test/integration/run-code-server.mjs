// Runs the mocha suite (out/test/integration/suite) inside a real VS Code: code-server with a Node
// extension host, driven by headless chromium. `npm run test:vscode [-- options]`.
//
// Options:
//   --grep <pattern>     only tests whose full title matches (mocha --grep); also CURATOR_TEST_GREP
//   --vsix <path>        install this packaged .vsix and test it (the development path is an empty host)
//   --file <name>        only test files whose name contains this (repeatable); also CURATOR_TEST_FILES
//   --extension <path>   extension under development (default: the repo); also CURATOR_EXTENSION_PATH
//   --workspace <path>   folder to copy and open (default: test/fixtures/workspace)
//   --no-setup           skip scripts/setup-code-server.sh
//   --no-build           skip node scripts/build.mjs
//   --verbose            show every workbench log line, not only the extension host's
// Environment: CURATOR_TEST_TIMEOUT_MS overall limit (default 600000), CURATOR_DEBUG=1 server output,
// CURATOR_KEEP_HOME=1 keep the temp home.
// Exit code: the suite's result. The last line is `N passed, N failed`.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { format } from 'node:util';
import { build, launchBrowser, repoRoot, setupCodeServer, startCodeServer } from '../e2e/harness.mjs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const grep = opt('--grep') ?? process.env.CURATOR_TEST_GREP;
const files = argv.flatMap((a, i) => (a === '--file' ? [argv[i + 1]] : [])).join(',') || process.env.CURATOR_TEST_FILES || '';
const vsix = opt('--vsix');
// With --vsix the extension under test is the installed package; the development path is an empty host.
const extensionPath = opt('--extension') ?? (vsix ? join(repoRoot, 'test/fixtures/packaged-host') : undefined);
const workspace = opt('--workspace');
const verbose = argv.includes('--verbose');
const overallMs = Number(process.env.CURATOR_TEST_TIMEOUT_MS || 600_000);
const suiteIndex = join(repoRoot, 'out/test/integration/suite/index.js');

const t0 = Date.now();
const secs = (t = t0) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

if (!argv.includes('--no-setup')) setupCodeServer();
if (!argv.includes('--no-build')) {
  try {
    build();
  } catch (e) {
    // The suite can still run if its bundles were produced (e.g. a webview failed to build).
    console.error(`[test:vscode] ${e.message}`);
    if (!existsSync(suiteIndex)) process.exit(1);
  }
}
if (!existsSync(suiteIndex)) {
  console.error(`[test:vscode] ${suiteIndex} missing: run node scripts/build.mjs`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

let server;
let browser;
let passedLine = null;
const hidden = []; // workbench log lines, shown when the run fails
const NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Creation of workbench contribution '.*' took \d+ms/,
  /open-vsx\.org|ENOTFOUND|ECONNREFUSED.*(marketplace|gallery)/,
  /\/static\/out\/vs\//, // a stack in the workbench's own code
];
const isWorkbenchNoise = (text) => NOISE.some((re) => re.test(text));
let exitCode = 1;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  browser = undefined;
  await server?.stop().catch(() => {});
  server = undefined;
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await cleanup();
    process.exit(130);
  });
}

try {
  const tServer = Date.now();
  server = await startCodeServer({
    workspace,
    extensionPath,
    vsix,
    // code-server passes its environment on to the extension host (checked), so options go there.
    env: { CURATOR_TEST_GREP: grep || '', CURATOR_TEST_FILES: files, CURATOR_TEST_RUN: '1', CURATOR_PACKAGED: vsix ? '1' : '' },
  });
  console.log(`[test:vscode] code-server on ${server.baseUrl} in ${secs(tServer)}; workspace ${server.workspace}`);

  const launched = await launchBrowser();
  browser = launched.browser;
  const { page } = launched;
  const result = new Promise((resolve) => {
    page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
  });
  // The workbench hands over [format, ...args] of each log call; the extension host's console calls
  // arrive the same way, mixed with the workbench's own log, which is filtered out here.
  await page.exposeFunction('codeAutomationLog', (level, msg) => {
    const text = Array.isArray(msg) ? format(...msg) : String(msg ?? '');
    const noise = isWorkbenchNoise(text);
    const lines = text.split('\n');
    for (const line of noise ? lines.slice(0, 1) : lines) {
      if (/^\d+ passed, \d+ failed$/.test(line.trim())) passedLine = line.trim();
      const out = `  [${noise ? 'workbench' : 'ext-host'}${level === 'error' || level === 'warn' ? ' ' + level : ''}] ${line}`;
      if (!noise || verbose) console.log(out);
      else {
        hidden.push(out);
        if (hidden.length > 200) hidden.shift();
      }
    }
  });
  page.on('pageerror', (e) => verbose && console.log(`  [page error] ${e.message}`));

  const tSuite = Date.now();
  await page.goto(server.url({ extensionTestsPath: suiteIndex }), { waitUntil: 'domcontentloaded' });
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => {
      console.error(`[test:vscode] timed out after ${overallMs / 1000} s`);
      resolve(124);
    }, overallMs - (Date.now() - t0));
  });
  exitCode = await Promise.race([result, timeout]);
  clearTimeout(timer);
  console.log(`[test:vscode] suite finished with exit code ${exitCode} in ${secs(tSuite)} (total ${secs()})`);
} catch (e) {
  console.error(`[test:vscode] ${e.stack || e}`);
  exitCode = 1;
} finally {
  await cleanup();
}
if (exitCode !== 0 && hidden.length) {
  console.log(`[test:vscode] last ${hidden.length} workbench log lines (all with --verbose):`);
  for (const l of hidden) console.log(l.slice(0, 400));
}
if (!passedLine) passedLine = exitCode === 0 ? '0 passed, 0 failed' : '0 passed, 1 failed';
else if (exitCode !== 0 && / 0 failed$/.test(passedLine)) passedLine = passedLine.replace(/ 0 failed$/, ' 1 failed');
console.log(passedLine);
process.exit(exitCode);
