// Screenshots of review decisions with reasons (issue 17 items 10-11) in code-server, light and dark: the
// Review Queue with "x of N reviewed", a review panel opened from it ("x of N reviewed", previous / next
// pending), the reason pick list a reject asks (driven from the keyboard: `r` in the panel, Enter, a comment),
// and the queue filtered to the rejected rewrites with their reasons.
//   test-results/screenshots/decisions-{panel,reason,queue-filter}-{light,dark}.png
//
//   node test/e2e/decisions.e2e.mjs [--theme light|dark|both] [--no-setup] [--no-build]
// The queue's items are batch results written into the workspace as a batch leaves them (journal 'done'
// lines, provenance lines); no model is needed. The last line is `N passed, N failed`.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build, checks, launchBrowser, openCorpusView, openWorkbench, runCommand, setupCodeServer, shot, startCodeServer, themesFromArgs, waitForWebview } from './harness.mjs';

const argv = process.argv.slice(2);
const themes = themesFromArgs(argv);
const { check, summary } = checks();
const sha = (s) => createHash('sha256').update(s).digest('hex');

const DOCS = [
  ['harbour', 'The harbour handled 1,200 ships in 2023. Its new crane lifts 45 tonnes.\n\nThe port authority said traffic did not fall during the winter.\n', 'In 2023 the harbour handled 1,400 ships. Its new crane lifts 45 tonnes.\n\nThe port authority said traffic did not fall during the winter. The mayor, Ana Lopez, opened the new quay.\n', 0.52, ['changes 1,200 → 1,400', 'adds Ana Lopez, not in the source']],
  ['ferry', "The Inchmore ferry leaves at 7 o'clock and carries 40 cars.\n", "At 7 o'clock the Inchmore ferry leaves, carrying 40 cars.\n", 0.97, []],
  ['library', 'The county library moved 18,000 books to its new building in 2019.\n', 'In 2019 the county library moved its 18,000 books to a new building.\n', 0.95, []],
  ['tram', 'The new tram line cut the trip to the station to 11 minutes.\n', 'The trip to the station now takes 11 minutes on the new tram line, which opened last year.\n', 0.71, ['adds a sentence not in the source: "which opened last year"']],
  ['bridge', 'The Hadley footbridge was widened to 4.5 metres in 2015.\n', 'In 2015 the Hadley footbridge was widened to 5 metres.\n', 0.48, ['changes 4.5 metres → 5 metres']],
];

function seed(ws) {
  const batch = 'decisions-e2e';
  mkdirSync(join(ws, 'queue-docs'), { recursive: true });
  mkdirSync(join(ws, '.curator', 'batches', batch), { recursive: true });
  mkdirSync(join(ws, '.curator', 'rejected', 'queue-docs'), { recursive: true });
  const prov = join(ws, '.curator', 'provenance.jsonl');
  const journal = join(ws, '.curator', 'batches', batch, 'journal.jsonl');
  DOCS.forEach(([name, src, rw, score, reasons], i) => {
    const source = `queue-docs/${name}.md`;
    const output = `queue-docs/${name}.textbook.college.md`;
    writeFileSync(join(ws, source), src);
    const time = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    const id = `e2e-${name}`;
    const facts = { score, verdict: reasons.length ? 'needs-review' : 'consistent', kept: 3, dropped: 0, altered: reasons.length ? 1 : 0, added: 0, factsTotal: 3, coverage: 1, reasons, verdictVersion: 3 };
    appendFileSync(prov, JSON.stringify({
      type: 'rewrite', v: 1, id, time, source: { path: source, sha256: sha(src), lang: 'en', chars: src.length }, output: { path: output, sha256: sha(rw), lang: 'en', chars: rw.length },
      style: 'textbook', audience: 'college', model: 'qwen2.5-7b-instruct', endpointHost: 'localhost:8000', template: { id: 'builtin:textbook:en', sha256: '', origin: 'builtin' },
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, chunks: 1, durationMs: 1, status: 'done', flags: [], batchId: batch, jobId: name,
    }) + '\n');
    appendFileSync(journal, JSON.stringify({
      t: 'done', key: `k-${name}`, job: name, time, rewriteId: id, output: { path: output, sha256: sha(rw) }, source: { path: source, sha256: sha(src) },
      style: 'textbook', audience: 'college', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, flags: [], facts, verdict: facts.verdict,
    }) + '\n');
    // "bridge" was rejected earlier (moved out, with its reason); "library" accepted
    if (name === 'bridge') {
      writeFileSync(join(ws, '.curator', 'rejected', output), rw);
      appendFileSync(prov, JSON.stringify({ type: 'decision', v: 1, time: '2026-01-02T09:00:00.000Z', rewriteId: id, source: { path: source, sha256: sha(src) }, output: { path: output, sha256: sha(rw) }, decision: 'rejected', movedTo: `.curator/rejected/${output}`, facts, reason: 'facts-altered', comment: '4.5 m became 5 m' }) + '\n');
    } else {
      writeFileSync(join(ws, output), rw);
      if (name === 'library') appendFileSync(prov, JSON.stringify({ type: 'decision', v: 1, time: '2026-01-02T09:01:00.000Z', rewriteId: id, source: { path: source, sha256: sha(src) }, output: { path: output, sha256: sha(rw) }, decision: 'accepted', facts }) + '\n');
    }
  });
}

/** Picks the quick-pick row whose label contains `text` (typed into its filter), then Enter. */
async function pick(page, text) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(text);
  await sleep(300);
  await page.keyboard.press('Enter');
  await sleep(400);
}

const t0 = Date.now();
if (!argv.includes('--no-setup')) setupCodeServer({ quiet: true });
if (!argv.includes('--no-build')) build();

for (const theme of themes) {
  console.log(`[decisions e2e] ${theme}`);
  let server;
  let browser;
  try {
    server = await startCodeServer({ theme });
    seed(server.workspace);
    ({ browser } = await launchBrowser({ width: 1500, height: 900 }));
    const page = browser.contexts()[0].pages()[0];
    await openWorkbench(page, server);
    await openCorpusView(page, { widen: 220 });
    await runCommand(page, 'Focus on Review Queue View').catch(() => {});
    await sleep(1000);
    const pane = page.locator('.pane', { hasText: 'Review Queue' });
    const rows = pane.locator('.monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 20_000 });
    const header = (await pane.locator('.pane-header').innerText().catch(() => '')).replace(/\n/g, ' ');
    check(`${theme}: the queue header says x of N reviewed`, /2 of 5 reviewed/.test(header), header);
    check(`${theme}: the queue lists the 3 pending rewrites`, (await rows.count()) === 3);

    // open the first (lowest score) from the queue: the panel shows x of N and previous / next pending
    await rows.first().click();
    const view = await waitForWebview(page);
    await view.locator('#queue-progress').waitFor({ state: 'visible', timeout: 20_000 });
    const progress = await view.locator('#queue-progress').innerText();
    check(`${theme}: the panel says x of N reviewed`, /2 of 5 reviewed/.test(progress), progress.replace(/\n/g, ' '));
    check(`${theme}: previous and next pending buttons`, (await view.locator('#prev-pending').count()) === 1 && (await view.locator('#next-pending').count()) === 1);
    await sleep(600);
    await shot(page, `decisions-panel-${theme}`);

    // reject from the keyboard: r → the reason pick (the verdict's suggestion preselected) → Enter → comment → Enter
    await view.locator('.doc').click({ position: { x: 40, y: 10 } }).catch(() => {});
    await page.keyboard.press('r');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: /why\?/ }).waitFor({ state: 'visible', timeout: 10_000 });
    const active = await page.locator('.quick-input-widget .monaco-list-row.focused').innerText().catch(() => '');
    check(`${theme}: the reason pick preselects the verdict's suggestion`, /Facts altered/.test(active) && /suggested by the verdict/.test(active), active.replace(/\n/g, ' '));
    await sleep(400);
    await shot(page, `decisions-reason-${theme}`);
    await page.keyboard.press('Enter');
    // the comment box replaces the reason pick: wait for its prompt, or the comment would go into the pick's filter
    await page.locator('.quick-input-widget', { hasText: 'Comment (optional)' }).waitFor({ state: 'visible', timeout: 30_000 });
    const input = page.locator('.quick-input-widget input');
    await input.fill('1,200 ships became 1,400');
    await page.keyboard.press('Enter');
    const readLog = () => readFileSync(join(server.workspace, '.curator', 'provenance.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    let last = readLog().at(-1);
    for (let waited = 0; waited < 15_000 && last.rewriteId !== 'e2e-harbour'; waited += 250) {
      await sleep(250);
      last = readLog().at(-1);
    }
    check(`${theme}: the decision line has the reason and the comment`, last.type === 'decision' && last.decision === 'rejected' && last.reason === 'facts-altered' && last.comment === '1,200 ships became 1,400', JSON.stringify({ reason: last.reason, comment: last.comment }));

    // the queue filtered to the rejected rewrites: their reasons and comments. The reject opens the next pending
    // rewrite (tram) in the panel; a quick pick opened before that panel takes the focus would close at once.
    await page.locator('.tabs-container .tab.active', { hasText: 'tram.textbook.college.md' }).waitFor({ state: 'visible', timeout: 20_000 }).catch(() => {});
    await sleep(1500);
    await runCommand(page, 'Corpus: Filter Review Queue…');
    await pick(page, 'Decision');
    await pick(page, 'rejected');
    await sleep(800);
    const labels = (await rows.allInnerTexts()).map((l) => l.replace(/\n/g, ' '));
    check(`${theme}: filtered by decision, the rejected rewrites with their reasons`, labels.length === 2 && labels.every((l) => /rejected: Facts altered/.test(l)), labels.join(' / '));
    await rows.first().hover();
    await sleep(1500);
    await shot(page, `decisions-queue-filter-${theme}`);
  } catch (e) {
    check(`${theme}: decisions UI`, false, String(e.message || e).split('\n')[0]);
    const page = browser?.contexts()[0]?.pages()[0];
    if (page) await shot(page, `decisions-${theme}-failure`).catch(() => {});
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
  }
}

console.log(`[decisions e2e] ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in test-results/screenshots/`);
process.exit(summary() ? 1 : 0);
