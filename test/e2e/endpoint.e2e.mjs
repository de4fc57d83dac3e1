// Screenshots of setting up an endpoint and of a dead one, in code-server, light and dark:
//  - a rewrite against a server that refuses connections: the error notification with [Open Settings] [Retry]
//    (endpoint-dead-{theme}.png);
//  - Corpus: Choose Endpoint Preset… with "Custom endpoint…" (endpoint-picker-{theme}.png), the models the
//    server lists (endpoint-models-{theme}.png) and the question where to save (endpoint-scope-{theme}.png).
//
//   node test/e2e/endpoint.e2e.mjs [--theme light|dark|both] [--no-setup] [--no-build]
// The server is the local TEST DOUBLE (it lists one model at /models). The last line is `N passed, N failed`.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, checks, launchBrowser, notifications, openFile, openWorkbench, repoRoot, runCommand, setupCodeServer, shot, startCodeServer, themesFromArgs } from './harness.mjs';

const argv = process.argv.slice(2);
const themes = themesFromArgs(argv);
const { check, summary } = checks();

async function startDouble() {
  const code = `
    const mod = await import(${JSON.stringify(join(repoRoot, 'test/double/teacher-double.ts'))});
    const TeacherDouble = mod.TeacherDouble ?? mod.default.TeacherDouble;
    const d = new TeacherDouble({ chunkDelayMs: 0 });
    console.log(await d.start(0));
    process.on('SIGTERM', () => d.stop().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (c) => reject(new Error(`double exited (${c})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function closedPort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const port = srv.address().port;
  await new Promise((r) => srv.close(() => r()));
  return port;
}

const t0 = Date.now();
if (!argv.includes('--no-setup')) setupCodeServer({ quiet: true });
if (!argv.includes('--no-build')) build();

for (const theme of themes) {
  console.log(`[endpoint e2e] ${theme}`);
  let server;
  let browser;
  let double;
  try {
    double = await startDouble();
    const dead = `127.0.0.1:${await closedPort()}`;
    server = await startCodeServer({ theme, settings: { 'corpusCurator.baseUrl': `http://${dead}/v1`, 'corpusCurator.model': 'qwen2.5-7b-instruct', 'corpusCurator.maxRetries': 6 } });
    ({ browser } = await launchBrowser({ width: 1400, height: 860 }));
    const page = browser.contexts()[0].pages()[0];
    await openWorkbench(page, server);
    const title = page.locator('.quick-input-widget .quick-input-title');
    const input = page.locator('.quick-input-widget input');

    // A rewrite against a refused connection.
    await openFile(page, 'docs/river-cleanup.md');
    const t1 = Date.now();
    await runCommand(page, 'Corpus: Rewrite Document…');
    await title.filter({ hasText: /style/i }).waitFor({ state: 'visible', timeout: 20_000 });
    await sleep(300);
    await page.keyboard.press('Enter');
    await title.filter({ hasText: /audience/i }).waitFor({ state: 'visible', timeout: 10_000 });
    await sleep(300);
    await page.keyboard.press('Enter');
    let toast = page.locator('.notifications-toasts .notification-list-item', { hasText: 'cannot connect' }).first();
    if (!(await toast.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false))) {
      // No toast (code-server may keep it in the center): show the notification center instead.
      await runCommand(page, 'Notifications: Show Notifications').catch(() => {});
      toast = page.locator('.notifications-center .notification-list-item', { hasText: 'cannot connect' }).first();
      await toast.waitFor({ state: 'visible', timeout: 15_000 });
    }
    const secs = (Date.now() - t1) / 1000;
    const text = (await toast.innerText()).replace(/\n+/g, ' ');
    check(`${theme}: a refused connection fails fast with what to check, [Open Settings] [Retry]`, text.includes(`cannot connect to ${dead}: connection refused — is the server running?`) && /Open Settings/.test(text) && /Retry/.test(text), `${secs.toFixed(1)} s: ${text}`);
    await toast.hover();
    await sleep(500);
    await shot(page, `endpoint-dead-${theme}`);
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
    await runCommand(page, 'Notifications: Hide Notifications').catch(() => {});

    // The endpoint picker: presets and "Custom endpoint…".
    await runCommand(page, 'Corpus: Choose Endpoint Preset…');
    await title.filter({ hasText: /endpoint/i }).waitFor({ state: 'visible', timeout: 20_000 });
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await sleep(400);
    const labels = await rows.allInnerTexts();
    check(`${theme}: the picker offers "Custom endpoint…" after the presets`, labels.some((l) => /Custom endpoint…/.test(l)), `${labels.length} rows`);
    await shot(page, `endpoint-picker-${theme}`);
    await rows.filter({ hasText: 'Custom endpoint…' }).first().click();
    await title.filter({ hasText: /URL/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(double.url);
    await page.keyboard.press('Enter');
    await title.filter({ hasText: /a model of/ }).waitFor({ state: 'visible', timeout: 20_000 });
    await sleep(400);
    const models = await rows.allInnerTexts();
    check(`${theme}: the models the server lists at /models are offered`, models.some((l) => /double-model/.test(l)) && models.some((l) => /Type a model name/.test(l)), models.join(' / ').replace(/\n/g, ' '));
    await shot(page, `endpoint-models-${theme}`);
    await rows.filter({ hasText: 'double-model' }).first().click();
    await title.filter({ hasText: /Save the endpoint/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await sleep(400);
    await shot(page, `endpoint-scope-${theme}`);
    const scopes = await rows.allInnerTexts();
    check(`${theme}: it asks whether to save for the user or this workspace`, scopes.some((l) => /User settings/.test(l)) && scopes.some((l) => /This workspace/.test(l)), scopes.join(' / ').replace(/\n/g, ' '));
    await rows.filter({ hasText: 'This workspace' }).first().click();
    const settingsFile = join(server.workspace, '.vscode', 'settings.json');
    let saved = '';
    for (let i = 0; i < 40 && !saved.includes('double-model'); i++) {
      await sleep(250);
      saved = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : '';
    }
    check(`${theme}: "This workspace" writes base URL and model to .vscode/settings.json`, saved.includes(double.url) && saved.includes('double-model'), saved.replace(/\s+/g, ' '));
    let done = '';
    for (let i = 0; i < 20 && !/workspace settings/.test(done); i++) {
      await sleep(250);
      done = [...(await notifications(page)), ...(await page.locator('.notifications-center .notification-list-item-message').allInnerTexts().catch(() => []))].join(' | ');
      if (i === 8) await runCommand(page, 'Notifications: Show Notifications').catch(() => {});
    }
    check(`${theme}: it says where the endpoint was saved`, /workspace settings/.test(done), done);
  } catch (e) {
    check(`${theme}: endpoint UI`, false, String(e.message || e).split('\n')[0]);
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) await shot(page, `endpoint-${theme}-failure`).catch(() => {});
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    double?.stop();
  }
}

console.log(`[endpoint e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
process.exit(summary() ? 1 : 0);
