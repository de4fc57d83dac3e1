// Screenshots of the batch UI in code-server, light and dark: the confirmation with the number of requests
// and the estimated cost, the progress notification of a running batch (started like a user: right-click a
// folder in the Explorer → "Rewrite in Batch…", quick picks) and the Review Queue view with fact scores and
// verdicts afterwards.
//   test-results/screenshots/batch-confirm-{light,dark}.png, batch-progress-{light,dark}.png, batch-queue-{light,dark}.png
//
//   node test/e2e/batch.e2e.mjs [--theme light|dark|both] [--no-setup] [--no-build]
// The teacher model is the local TEST DOUBLE (slow on purpose so the progress can be seen; two documents
// get an answer that drops facts, so the queue shows both verdicts). The last line is `N passed, N failed`.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, launchBrowser, notifications, openWorkbench, repoRoot, runCommand, setupCodeServer, shot, startCodeServer } from './harness.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const themeArg = opt('--theme', 'both');
const themes = themeArg === 'both' ? ['light', 'dark'] : [themeArg];

const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok });
  console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? ` (${detail})` : ''}`);
};

/** Starts the teacher double in its own process (TypeScript through tsx); resolves with its URL. */
async function startDouble() {
  const code = `
    const mod = await import(${JSON.stringify(join(repoRoot, 'test/double/teacher-double.ts'))});
    const TeacherDouble = mod.TeacherDouble ?? mod.default.TeacherDouble;
    const d = new TeacherDouble({ latencyMs: 1600, chunkDelayMs: 8, chunkChars: 40 });
    d.faultWhen('DRIFT', { kind: 'text', text: '## Lesson\\n\\nA town planted some trees by a river long ago, and an engineer looked at the bank now and then. The bank changed a little.' });
    console.log(await d.start(0));
    process.on('SIGTERM', () => d.stop().then(() => process.exit(0)));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (c) => reject(new Error(`double exited (${c})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

const TOPICS = [
  ['Elmsford oaks', 'the town of Elmsford planted 1,200 oak trees along the Hadley river', 'engineer Maria Okafor'],
  ['Cape Wren lighthouse', 'the lighthouse at Cape Wren was rebuilt 32 metres tall', 'keeper Tomas Reid'],
  ['Inchmore ferry', 'the Inchmore ferry began carrying 44 cars on each crossing', 'captain Ailsa Munro'],
  ['Hadley bridge', 'the Hadley footbridge was widened to 4.5 metres', 'architect Priya Nair'],
  ['Marsh survey', 'volunteers counted 312 wading birds on the Saltmarsh reserve', 'ecologist Jonas Berg'],
  ['School garden', 'pupils at Riverside Primary grew 85 kilograms of potatoes', 'teacher Helen Park'],
  ['Library move', 'the county library moved 18,000 books to its new building', 'librarian Omar Haddad'],
  ['Tram line', 'the new tram line cut the trip to the station to 11 minutes', 'planner Sofia Costa'],
];

function writeDocs(ws) {
  const dir = join(ws, 'batch-docs');
  mkdirSync(dir, { recursive: true });
  TOPICS.forEach(([title, fact, who], i) => {
    const drift = i === 2 || i === 5 ? ' DRIFT' : '';
    writeFileSync(
      join(dir, `${String(i + 1).padStart(2, '0')}-${title.toLowerCase().replace(/\W+/g, '-')}.md`),
      `# ${title}\n\nIn ${2001 + i}, ${fact}.${drift}\n\nThe work cost ${(i + 2) * 7} thousand pounds and was led by ${who}, who reported on it every spring.\n\nBy ${2012 + i} the project was finished, ${i + 3} months later than planned.\n`,
    );
  });
}

const t0 = Date.now();
if (!argv.includes('--no-setup')) setupCodeServer({ quiet: true });
if (!argv.includes('--no-build')) build();

for (const theme of themes) {
  console.log(`[batch e2e] ${theme}`);
  let server;
  let browser;
  let double;
  try {
    double = await startDouble();
    server = await startCodeServer({
      theme,
      settings: {
        'corpusCurator.baseUrl': double.url,
        'corpusCurator.model': 'gpt-4o-mini',
        'corpusCurator.concurrency': 2,
        'corpusCurator.batch.requestsPerMinute': 600,
      },
    });
    writeDocs(server.workspace);
    ({ browser } = await launchBrowser({ width: 1400, height: 860 }));
    const page = browser.contexts()[0].pages()[0];
    await openWorkbench(page, server);

    // Right-click the folder in the Explorer → Rewrite in Batch…
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'batch-docs' }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const item = page.locator('.context-view .action-item', { hasText: 'Rewrite in Batch…' }).first();
    const input = page.locator('.quick-input-widget input');
    const title = page.locator('.quick-input-widget .quick-input-title');
    // The menu shows the extension's entries once its contributions are registered: retry until the
    // command runs (its first quick pick appears).
    let started = false;
    for (let i = 0; i < 10 && !started; i++) {
      await row.click({ button: 'right' });
      if (!(await item.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false))) {
        await page.keyboard.press('Escape');
        await sleep(1000);
        continue;
      }
      await item.hover();
      await sleep(300);
      await page.keyboard.press('Enter');
      started = await title.filter({ hasText: /in batch/ }).waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false);
      if (!started) await page.keyboard.press('Escape');
    }
    check(`${theme}: Explorer context menu "Rewrite in Batch…" asks for one style or a plan`, started);
    // One style and audience → the first style → the first audience.
    await page.keyboard.press('Enter');
    await title.filter({ hasText: /style/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await sleep(300);
    await page.keyboard.press('Enter'); // style: the first (last used, else textbook)
    await title.filter({ hasText: /audience/ }).waitFor({ state: 'visible', timeout: 10_000 });
    await sleep(300);
    await page.keyboard.press('Enter'); // audience: the first (last used, else college)
    await input.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});

    // Before anything is sent: the number of requests and the estimated cost, to confirm.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 20_000 });
    const said = (await dialog.innerText()).replace(/\n+/g, ' ');
    check(`${theme}: the batch asks first, with requests and estimated cost`, /8 documents/.test(said) && /8 requests/.test(said) && /Estimated cost: \$/.test(said), said);
    await sleep(300);
    await shot(page, `batch-confirm-${theme}`);
    await dialog.locator('.monaco-button', { hasText: 'Start Batch' }).click();

    // The progress notification: done/failed/left, tokens, cost and ETA.
    await page.bringToFront();
    let text = '';
    const center = async () => (await page.locator('.notifications-center .notification-list-item-message').allInnerTexts().catch(() => [])).join(' | ');
    for (let i = 0; i < 60; i++) {
      await sleep(250);
      text = (await notifications(page)).join(' | ') || (await center());
      if (/ETA/.test(text) && /\$/.test(text)) break;
      if (i === 12 && !text) {
        // No toast (code-server may keep them in the center): show the notification center instead.
        await runCommand(page, 'Notifications: Show Notifications').catch(() => {});
      }
    }
    check(`${theme}: progress shows done, failed, left, tokens, cost and ETA`, /done/.test(text) && /failed/.test(text) && /left/.test(text) && /tokens/.test(text) && /\$/.test(text) && /ETA/.test(text), text);
    await shot(page, `batch-progress-${theme}`);

    // Wait for the end, then look at the queue.
    for (let i = 0; i < 120; i++) {
      await sleep(500);
      text = [...(await notifications(page)), await center()].join(' | ');
      if (/Batch finished/.test(text)) break;
    }
    await runCommand(page, 'Notifications: Clear All Notifications').catch(() => {});
    await runCommand(page, 'Notifications: Hide Notifications').catch(() => {});
    // A wider side bar, so the queue's descriptions (score · verdict · style/audience) are readable.
    let box = null;
    for (const sash of await page.locator('.monaco-sash.vertical').all()) {
      const b = await sash.boundingBox().catch(() => null);
      if (b && b.x > 250 && b.x < 450 && b.height > 300) {
        box = b;
        break;
      }
    }
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + 200);
      await page.mouse.down();
      await page.mouse.move(560, box.y + 200, { steps: 8 });
      await page.mouse.up();
    }
    check(`${theme}: the batch finishes`, /Batch finished: 8 rewrites done/.test(text), text);
    await runCommand(page, 'Focus on Review Queue View');
    await sleep(800);
    // The queue's pane starts small (it is empty until a batch runs): collapse the Documents pane above it so
    // that all eight rows are drawn (the list is virtual).
    const docsHeader = page.locator('.pane-header', { hasText: 'Documents' }).first();
    if ((await docsHeader.getAttribute('aria-expanded').catch(() => null)) === 'true') await docsHeader.click();
    await sleep(800);
    const rows = page.locator('.pane', { hasText: 'Review Queue' }).locator('.monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
    const labels = await rows.allInnerTexts();
    check(`${theme}: the queue lists the 8 rewrites with score and verdict`, labels.length === 8 && labels.every((l) => /\d\.\d\d · /.test(l)), `${labels.length}: ${labels[0]?.replace(/\n/g, ' ')}`);
    check(`${theme}: drifted rewrites come first (lowest score)`, /needs review/.test(labels[0] ?? '') && /needs review/.test(labels[1] ?? ''), labels.slice(0, 3).join(' / ').replace(/\n/g, ' '));
    await rows.nth(2).hover();
    await sleep(1500);
    await shot(page, `batch-queue-${theme}`);
  } catch (e) {
    check(`${theme}: batch UI`, false, String(e.message || e).split('\n')[0]);
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) await shot(page, `batch-${theme}-failure`).catch(() => {});
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    double?.stop();
  }
}

const passed = results.filter((r) => r.ok).length;
console.log(`[batch e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(results.length - passed ? 1 : 0);
