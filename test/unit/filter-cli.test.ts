// curator filter <dir> --preset …: keep/drop per document with datatrove's rules, as JSON lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { filterCommand } from '../../src/cli/commands/filter';
import { exportCommand } from '../../src/cli/commands/export';
import type { CliIO } from '../../src/cli/commands/types';
import { tempDir } from './tempdirs';

const PROSE =
  'The river report covers forty sites along the valley and compares them with last year. Water quality improved at most sites, ' +
  'although two sites downstream of the plant got worse. The committee recommends monthly sampling and a public dashboard for the ' +
  'results. It also asks the city to publish the raw data every quarter. Residents can comment on the plan until the end of March. ' +
  'The next meeting is open to the public and will be held in the town hall.';
// Six lines of prose and a repeated "enable JavaScript" line that C4's line rules remove.
const SCRIPTED = PROSE.replace(/\. /g, '.\n') + '\nPlease enable JavaScript to continue.\nPlease enable JavaScript to continue.';
const MENU = 'Home\nAbout us\nContact\nHome\nAbout us\nContact\nWelcome to our shop, where we sell hand made goods.\nHome';

function io(): CliIO & { out: (t: string) => void; text: () => string; errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd: process.cwd(), text: () => out.join('\n'), errText: () => err.join('\n') };
}

function corpus(): string {
  const dir = tempDir('curator-filter-');
  writeFileSync(join(dir, 'good.txt'), PROSE);
  writeFileSync(join(dir, 'web.jsonl'), [JSON.stringify({ id: 'menu-1', text: MENU }), JSON.stringify({ text: SCRIPTED })].join('\n') + '\n');
  return dir;
}

test('curator filter --json: one line per document with ref, the record id, kept and the reasons in pipeline order', async () => {
  const dir = corpus();
  const x = io();
  assert.equal(await filterCommand.run([dir, '--preset', 'all', '--json', '--quiet'], x), 0, x.errText());
  const rows = x.text().split('\n').map((l) => JSON.parse(l) as { ref: string; id: string | null; kept: boolean; reasons: { filter: string; rule: string; value: number; threshold: number }[] });
  assert.deepEqual(rows.map((r) => [r.ref, r.id, r.kept]), [['good.txt', null, true], ['web.jsonl:1', 'menu-1', false], ['web.jsonl:2', null, false]]);
  const menu = rows[1]!;
  assert.deepEqual(menu.reasons[0], { filter: 'gopher_repetition', rule: 'dup_line_frac', value: 0.5, threshold: 0.3 });
  assert.deepEqual(
    menu.reasons.map((r) => `${r.filter}/${r.rule}`),
    ['gopher_repetition/dup_line_frac', 'gopher_repetition/dup_line_char_frac', 'gopher_repetition/top_3_gram', 'gopher_repetition/top_4_gram',
      'gopher_quality/gopher_short_doc', 'gopher_quality/gopher_enough_stop_words', 'c4/too_few_sentences', 'fineweb/short_line_ratio', 'fineweb/char_dup_ratio', 'fineweb/list_ratio'],
  );
  // FineWeb on the original text: the repeated line's 37 characters over all characters but newlines, above 0.01.
  assert.deepEqual(rows[2]!.reasons, [{ filter: 'fineweb', rule: 'char_dup_ratio', value: 37 / SCRIPTED.replace(/\n/g, '').length, threshold: 0.01 }]);
});

test('curator filter: presets choose the filters; fineweb runs FineWeb on the text C4 kept', async () => {
  const dir = corpus();
  const gopher = io();
  assert.equal(await filterCommand.run([dir, '--preset', 'gopher', '--json', '--quiet'], gopher), 0);
  const rows = gopher.text().split('\n').map((l) => JSON.parse(l) as { kept: boolean; reasons: { filter: string }[] });
  assert.deepEqual(rows.map((r) => r.kept), [true, false, true]);
  assert.ok(rows.every((r) => r.reasons.every((h) => h.filter.startsWith('gopher_'))));
  const fw = io();
  assert.equal(await filterCommand.run([dir, '--preset', 'fineweb', '--json', '--quiet'], fw), 0);
  const third = JSON.parse(fw.text().split('\n')[2]!) as { kept: boolean; reasons: unknown[] };
  // In FineWeb's pipeline FineWeb reads what C4 kept: the javascript lines are gone, nothing repeats.
  assert.deepEqual(third, { ref: 'web.jsonl:2', id: null, kept: true, reasons: [] });
  const text = io();
  assert.equal(await filterCommand.run([dir, '--preset', 'c4', '--quiet'], text), 0);
  assert.match(text.text(), /^drop web\.jsonl:1 {2}c4\/too_few_sentences \(1 vs 5\)$/m);
  assert.match(text.text(), /2 kept, 1 dropped of 3 documents/);
});

test('curator filter: --preset is required and must be known (exit 2)', async () => {
  const dir = corpus();
  await assert.rejects(filterCommand.run([dir, '--quiet'], io()), /--preset is required/);
  await assert.rejects(filterCommand.run([dir, '--preset', 'dolma', '--quiet'], io()), /unknown preset "dolma"/);
});

test('curator export --filter-preset: what the preset drops is not exported; the manifest counts it per rule', async () => {
  const dir = corpus();
  const outDir = tempDir('curator-filter-out-');
  const out = join(outDir, 'mix.jsonl');
  const x = io();
  assert.equal(await exportCommand.run([dir, '--out', out, '--filter-preset', 'gopher', '--keep-duplicates', '--json', '--quiet'], x), 0, x.errText());
  const m = JSON.parse(x.text()) as { documents: number; excluded: { filtered: number }; filterPreset: { preset: string; dropped: number; byRule: { filter: string; rule: string; documents: number }[] } };
  // gopher drops the menu (see above): it is the one document left out, counted under each of its rules
  // (--keep-duplicates: the scripted page holds the prose whole and would go as its near copy).
  assert.equal(m.documents, 2);
  assert.equal(m.excluded.filtered, 1);
  assert.equal(m.filterPreset.preset, 'gopher');
  assert.equal(m.filterPreset.dropped, 1);
  assert.deepEqual(
    m.filterPreset.byRule.map((r) => `${r.filter}/${r.rule} ${r.documents}`),
    ['gopher_repetition/dup_line_frac 1', 'gopher_repetition/dup_line_char_frac 1', 'gopher_repetition/top_3_gram 1', 'gopher_repetition/top_4_gram 1',
      'gopher_quality/gopher_short_doc 1', 'gopher_quality/gopher_enough_stop_words 1'],
  );
  const ids = readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
  assert.ok(!ids.some((t) => t.includes('Welcome to our shop')), 'the menu is not exported');
  assert.ok(ids.includes(PROSE));
  const manifest = JSON.parse(readFileSync(join(outDir, 'mix.manifest.json'), 'utf8')) as { filterPreset: unknown };
  assert.deepEqual(manifest.filterPreset, m.filterPreset);

  // The text summary says the same; without the flag (or with none) nothing is dropped for a preset.
  const t = io();
  assert.equal(await exportCommand.run([dir, '--out', out, '--filter-preset', 'gopher', '--quiet'], t), 0);
  assert.match(t.text(), /Filter preset gopher dropped 1 documents \(each rule on its own: gopher_repetition\/dup_line_frac 1, /);
  const none = io();
  assert.equal(await exportCommand.run([dir, '--out', out, '--filter-preset', 'none', '--keep-duplicates', '--json', '--quiet'], none), 0);
  const mn = JSON.parse(none.text()) as { documents: number; filterPreset?: unknown };
  assert.equal(mn.documents, 3);
  assert.equal(mn.filterPreset, undefined);
  await assert.rejects(exportCommand.run([dir, '--out', out, '--filter-preset', 'dolma', '--quiet'], io()), /--filter-preset must be one of fineweb, gopher, c4, all, none/);
});
