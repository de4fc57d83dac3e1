// Review decisions as training data (issue 17 item 11): preference pairs and SFT records, written by
// `curator export-decisions` and read back here line by line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/commands/types';
import { DecisionService, reviewedTarget } from '../../src/core/provenance/decisions';
import { appendProvenance } from '../../src/core/provenance/log';
import { PROVENANCE_VERSION, type RewriteRecord } from '../../src/core/provenance/types';
import { builtinTemplates } from '../../src/core/rewrite/templates';
import { sha256 } from '../../src/core/text/hash';
import { tempDir } from './tempdirs';

function capture(cwd: string): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd }, out, err };
}

type Msg = { role: string; content: string };
interface Pair {
  prompt: Msg[];
  chosen: Msg[];
  rejected: Msg[];
  metadata: Record<string, unknown> & { chosen: Record<string, unknown>; rejected: Record<string, unknown> };
}
interface Sft {
  messages: Msg[];
  metadata: Record<string, unknown> & { rewrite: Record<string, unknown> };
}

const readJsonl = <T>(f: string): T[] => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

let n = 0;
/** A rewrite of `source` (workspace-relative) with its provenance line, as the extension writes one. */
function rewrite(ws: string, source: string, text: string, o: { style?: string; audience?: string; lang?: 'en' | 'zh'; model?: string } = {}): { rec: RewriteRecord; path: string } {
  const style = o.style ?? 'textbook';
  const audience = o.audience ?? 'college';
  const lang = o.lang ?? 'en';
  const out = source.replace(/\.md$/, `.${style}.${audience}.${++n}.md`);
  writeFileSync(join(ws, out), text);
  const tpl = builtinTemplates().find((t) => t.id === `builtin:${style}:${lang}`)!;
  const src = readFileSync(join(ws, source), 'utf8');
  const rec: RewriteRecord = {
    type: 'rewrite', v: PROVENANCE_VERSION, id: `rw-${n}`, time: `2026-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
    source: { path: source, sha256: sha256(src), lang, chars: src.length },
    output: { path: out, sha256: sha256(text), lang, chars: text.length },
    style, audience, model: o.model ?? 'qwen2.5-7b', endpointHost: 'localhost:8000',
    template: { id: tpl.id, sha256: tpl.sha256, origin: 'builtin' },
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, chunks: 1, durationMs: 1, status: 'done', flags: [],
  };
  appendProvenance(ws, rec);
  return { rec, path: join(ws, out) };
}

const facts = { score: 0.9, verdict: 'consistent' as const, kept: 2, dropped: 0, altered: 0, added: 0 };

async function decide(ws: string, r: { rec: RewriteRecord; path: string }, decision: 'accepted' | 'rejected', why: { reason?: 'facts-altered' | 'style'; comment?: string } = {}) {
  const src = join(ws, r.rec.source.path);
  const t = reviewedTarget({ root: ws, source: src, rewrite: r.path, sourceText: readFileSync(src, 'utf8'), rewriteText: readFileSync(r.path, 'utf8'), facts, rewriteId: r.rec.id });
  await new DecisionService().decide(ws, [t], decision, why);
}

test('curator export-decisions: preference pairs where a source has an accepted and a rejected rewrite, SFT records of the accepted, read back', async () => {
  const ws = tempDir('curator-export-decisions-');
  mkdirSync(join(ws, 'docs'));
  const SRC_A = 'The bridge opened in 1932 and spans 503 metres.\n';
  writeFileSync(join(ws, 'docs/a.md'), SRC_A);
  writeFileSync(join(ws, 'docs/b.md'), 'The ferry leaves at 7 and carries 40 cars.\n');
  writeFileSync(join(ws, 'docs/c.md'), 'Old text.\n');
  writeFileSync(join(ws, 'docs/zh.md'), '这座桥于1932年通车，全长503米。\n');
  const good = rewrite(ws, 'docs/a.md', 'Opened in 1932, the bridge spans 503 metres.\n');
  const bad = rewrite(ws, 'docs/a.md', 'Opened in 1957, the bridge spans 503 metres.\n', { model: 'other-model' });
  const qa = rewrite(ws, 'docs/a.md', 'Q: When did it open? A: 1932.\n', { style: 'qa' }); // another prompt: no pair with the textbook ones
  const onlyAccepted = rewrite(ws, 'docs/b.md', 'At 7 the ferry leaves, with 40 cars.\n');
  const changed = rewrite(ws, 'docs/c.md', 'Old text, rewritten.\n');
  const zh = rewrite(ws, 'docs/zh.md', '这座全长503米的桥于1932年通车。\n', { lang: 'zh' });
  await decide(ws, good, 'accepted', { comment: 'faithful' });
  await decide(ws, bad, 'rejected', { reason: 'facts-altered', comment: '1932 became 1957' });
  await decide(ws, qa, 'rejected', { reason: 'style' });
  await decide(ws, onlyAccepted, 'accepted');
  await decide(ws, changed, 'accepted');
  await decide(ws, zh, 'accepted');
  writeFileSync(join(ws, 'docs/c.md'), 'New text: the source changed after the rewrite.\n');

  const c = capture(ws);
  assert.equal(await main(['export-decisions', '.', '--out', 'train', '--json'], c.io), 0, c.err.join('\n'));
  const r = JSON.parse(c.out[0]!) as { pairs: number; sft: number; accepted: number; rejected: number; pairedPrompts: number; skipped: { rewrite: string; reason: string }[]; pairsFile: string; sftFile: string };
  assert.equal(r.pairsFile, join(ws, 'train', 'preference-pairs.jsonl'));
  assert.deepEqual([r.pairs, r.sft, r.accepted, r.rejected, r.pairedPrompts], [1, 3, 3, 2, 1]);
  assert.deepEqual(r.skipped.map((s) => s.rewrite), [changed.rec.output.path]);
  assert.match(r.skipped[0]!.reason, /changed since the rewrite/);

  const pairs = readJsonl<Pair>(r.pairsFile);
  assert.equal(pairs.length, 1);
  const p = pairs[0]!;
  assert.deepEqual(Object.keys(p).sort(), ['chosen', 'metadata', 'prompt', 'rejected']);
  assert.deepEqual(p.prompt.map((m) => m.role), ['system', 'user']);
  assert.match(p.prompt[0]!.content, /Keep every fact of the document/, 'the rules of the project prompt');
  assert.ok(p.prompt[1]!.content.endsWith(`<document>\n${SRC_A.trim()}\n</document>`), 'the instruction with the source');
  assert.deepEqual(p.chosen, [{ role: 'assistant', content: 'Opened in 1932, the bridge spans 503 metres.\n' }]);
  assert.deepEqual(p.rejected, [{ role: 'assistant', content: 'Opened in 1957, the bridge spans 503 metres.\n' }], 'read from .curator/rejected/');
  assert.equal(p.metadata.source, 'docs/a.md');
  assert.equal(p.metadata.style, 'textbook');
  assert.equal(p.metadata.templateUnchanged, true);
  assert.equal(p.metadata.chosen.rewriteId, good.rec.id);
  assert.equal(p.metadata.chosen.comment, 'faithful');
  assert.equal(p.metadata.chosen.reason, null);
  assert.equal(p.metadata.rejected.reason, 'facts-altered');
  assert.equal(p.metadata.rejected.comment, '1932 became 1957');
  assert.equal(p.metadata.rejected.model, 'other-model');
  assert.match(String(p.metadata.rejected.movedTo), /^\.curator\/rejected\/docs\//);

  const sft = readJsonl<Sft>(r.sftFile);
  assert.deepEqual(sft.map((s) => s.metadata.rewrite.rewriteId), [good.rec.id, onlyAccepted.rec.id, zh.rec.id]);
  for (const s of sft) assert.deepEqual(s.messages.map((m) => m.role), ['system', 'user', 'assistant']);
  assert.deepEqual(sft[0]!.messages.slice(0, 2), p.prompt, 'the same prompt in both files');
  assert.equal(sft[1]!.messages[2]!.content, 'At 7 the ferry leaves, with 40 cars.\n');
  assert.match(sft[2]!.messages[0]!.content, /要求：/, 'a Chinese source gets the Chinese instructions');
  assert.equal(sft[2]!.metadata.lang, 'zh');
  // one schema for every line: the same metadata keys everywhere
  const keys = (o: object) => Object.keys(o).sort().join(',');
  assert.equal(new Set(sft.map((s) => keys(s.metadata.rewrite))).size, 1);
  assert.equal(keys(p.metadata.chosen), keys(p.metadata.rejected));

  // text output and the default folder
  const t = capture(ws);
  assert.equal(await main(['export-decisions', ws], t.io), 0);
  assert.match(t.out[0]!, /^1 preference pairs \(1 prompts with an accepted and a rejected rewrite\) → .*\.curator\/training\/preference-pairs\.jsonl$/);
  assert.match(t.err[0]!, /^skipped docs\/c\./);
  assert.equal(await main(['export-decisions', join(ws, 'nope')], t.io), 1);
});

test('curator export-decisions: an empty workspace writes empty files', async () => {
  const ws = tempDir('curator-export-empty-');
  const c = capture(ws);
  assert.equal(await main(['export-decisions', ws, '--json'], c.io), 0);
  const r = JSON.parse(c.out[0]!) as { pairs: number; sft: number; pairsFile: string };
  assert.equal(r.pairs + r.sft, 0);
  assert.equal(readFileSync(r.pairsFile, 'utf8'), '');
});
