// `npm start` as the README says: starts it (build, set-up, code-server), waits for the URL it prints, opens
// that URL in headless chromium, finds the Corpus view with the extension active (documents of samples/
// listed), then stops it with SIGINT, as Ctrl-C does, and checks that nothing is left running: npm, the
// start script, code-server and its children, the port.
//   node test/e2e/start.e2e.mjs [--no-setup] [--no-build] [--theme …]
// (--no-setup / --no-build / --theme are accepted for test-all and ignored: `npm start` does both itself; the set-up
// returns at once when the cache has code-server.) code-server's user data goes to a temp folder
// (CURATOR_START_HOME), so a developer's .vscode-test/start-home is left alone. Last line: `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchBrowser, repoRoot, shot } from './harness.mjs';

const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok });
  console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? ` (${detail})` : ''}`);
};

const home = mkdtempSync(join(tmpdir(), 'curator-start-e2e-'));
const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
// npm start exactly; `-- --web` only where desktop VS Code would otherwise be opened.
const args = ['start', ...(hasCode ? ['--', '--web'] : [])];
const t0 = Date.now();
console.log(`[start-e2e] npm ${args.join(' ')}`);
const child = spawn('npm', args, {
  cwd: repoRoot,
  env: { ...process.env, CURATOR_START_HOME: home, PORT: '0' },
  detached: true, // its own process group: SIGINT reaches npm and the start script, as Ctrl-C does
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
let exited = null;
const exitedP = new Promise((res) => child.on('exit', (code, sig) => { exited = { code, sig }; res(exited); }));
const urlP = new Promise((res) => {
  const onData = (buf) => {
    output += buf.toString();
    const m = /\[start\] open: (\S+)/.exec(output);
    if (m) res(m[1]);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  exitedP.then(() => res(null));
});
const killAll = () => {
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  spawnSync('pkill', ['-KILL', '-f', home]);
};
process.once('exit', killAll);

let browser;
let step = 'npm start prints the URL';
try {
  const url = await Promise.race([urlP, sleep(15 * 60_000).then(() => null)]);
  check('npm start prints the URL to open', !!url, url ? `${((Date.now() - t0) / 1000).toFixed(1)} s` : output.slice(-2000));
  if (!url) throw new Error('no URL');
  const port = Number(new URL(url).port);

  step = 'open the URL';
  ({ browser } = await launchBrowser({ width: 1300, height: 850 }));
  const page = browser.contexts()[0].pages()[0];
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 90_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
  check('the URL opens VS Code', true);

  step = 'the Corpus view';
  const icon = page.locator('.activitybar .action-item a[aria-label^="Corpus"], .activitybar .action-item[aria-label^="Corpus"]').first();
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  await icon.click();
  // The extension is active when the Corpus view lists the samples' documents (it indexes them).
  const row = page.locator('.pane-body .monaco-list-row', { hasText: /Natural/ }).first();
  await row.waitFor({ state: 'visible', timeout: 90_000 });
  await sleep(500);
  const rows = await page.locator('.pane-body .monaco-list-row').count();
  check('the Corpus view lists the sample documents (extension active)', rows > 1, `${rows} rows`);
  await shot(page, 'start-corpus-view'); // npm start's own theme (dark)
  await browser.close();
  browser = undefined;

  step = 'stop with Ctrl-C';
  process.kill(-child.pid, 'SIGINT');
  const r = await Promise.race([exitedP, sleep(20_000).then(() => null)]);
  check('Ctrl-C stops npm start', !!r, r ? `exit ${r.code ?? r.sig}` : 'still running after 20 s');
  await sleep(500);
  const left = spawnSync('pgrep', ['-f', home], { encoding: 'utf8' }).stdout.trim();
  check('no code-server process is left behind', left === '', left && `pids ${left.split('\n').join(', ')}`);
  const group = spawnSync('pgrep', ['-g', String(child.pid)], { encoding: 'utf8' }).stdout.trim();
  check('no process of npm start is left behind', group === '', group && `pids ${group.split('\n').join(', ')}`);
  const portOpen = await new Promise((res) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); res(true); });
    s.once('error', () => res(false));
  });
  check('the port is closed', !portOpen, `port ${port}`);
} catch (e) {
  check(`${step}`, false, e.message.split('\n')[0]);
  if (!exited) console.log(output.slice(-3000));
} finally {
  await browser?.close().catch(() => {});
  killAll();
  rmSync(home, { recursive: true, force: true, maxRetries: 3 });
}

const failed = results.filter((r) => !r.ok).length;
console.log(`[start-e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
