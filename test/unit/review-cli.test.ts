import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/commands/types';

function capture(cwd: string): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd }, out, err };
}

test('curator check: one JSON line per pair; a bad line is reported with file and line, the rest goes on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-'));
  try {
    const lines = [
      JSON.stringify({ id: 'a', source: 'The bridge opened in 1932 and spans 503 metres.', derived: 'The bridge, opened in 1932, spans 503 metres.' }),
      '{"id": "b", "source": broken',
      JSON.stringify({ id: 'c', source: 'The bridge opened in 1932 and spans 503 metres.', derived: 'The bridge opened in 1957 and spans 503 metres.' }),
      JSON.stringify({ id: 'd', source: 'no derived field' }),
    ];
    writeFileSync(join(dir, 'pairs.jsonl'), lines.join('\n') + '\n');
    const c = capture(dir);
    const code = await main(['check', 'pairs.jsonl'], c.io);
    assert.equal(code, 1);
    const rows = c.out.map((l) => JSON.parse(l) as { id: string; consistent: boolean; score: number });
    assert.deepEqual(rows.map((r) => r.id), ['a', 'c']);
    assert.equal(rows[0]!.consistent, true);
    assert.equal(rows[1]!.consistent, false);
    assert.deepEqual((rows as unknown as Array<{ reasons: string[] }>).map((r) => r.reasons), [[], ['changes 1932 → 1957']]);
    assert.ok(rows[0]!.score > rows[1]!.score);
    assert.equal(c.err.length, 2);
    assert.match(c.err[0]!, /pairs\.jsonl:2:/);
    assert.match(c.err[1]!, /pairs\.jsonl:4:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('curator review --json prints the model; without --json a readable summary', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'review-'));
  try {
    writeFileSync(join(dir, 'src.txt'), 'The bridge opened in 1932. It spans 503 metres.');
    writeFileSync(join(dir, 'rw.txt'), 'The bridge opened in 1932. It spans 530 metres.');
    const j = capture(dir);
    const code = await main(['review', 'src.txt', 'rw.txt', '--json'], j.io);
    assert.equal(code, 0, 'a review that was made exits 0, whatever its verdict');
    const model = JSON.parse(j.out.join('')) as { summary: { verdict: string; altered: number }; pairs: unknown[] };
    assert.equal(model.summary.verdict, 'needs-review');
    assert.equal(model.summary.altered, 1);
    assert.equal(model.pairs.length, 2);
    const t = capture(dir);
    await main(['review', 'src.txt', 'rw.txt'], t.io);
    assert.match(t.out.join('\n'), /Verdict: needs review\n {2}- changes 503 metres → 530 metres/);
    assert.match(t.out.join('\n'), /"503 metres" → "530 metres"/);
    assert.equal(await main(['review', 'src.txt', 'rw.txt', '--fail-on-review'], capture(dir).io), 3);
    const u = capture(dir);
    assert.equal(await main(['review', 'src.txt'], u.io), 2);
    const missing = capture(dir);
    assert.equal(await main(['review', 'src.txt', 'nope.txt'], missing.io), 1);
    assert.match(missing.err.join(''), /nope\.txt/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('curator check --kind summary and per-line style; curator facts lists typed facts with offsets, --jsonl by id', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'facts-'));
  try {
    const src = 'The bridge opened in 1932 and spans 503 metres. It carries 12,000 cars a day.';
    writeFileSync(join(dir, 'pairs.jsonl'), [
      JSON.stringify({ id: 's', source: src, derived: 'The bridge spans 503 metres.' }),
      JSON.stringify({ id: 'd', source: src, derived: 'The bridge spans 503 metres.', style: 'distill' }),
      JSON.stringify({ id: 'x', source: src, derived: 'x', style: 3 }),
    ].join('\n'));
    const sum = capture(dir);
    assert.equal(await main(['check', 'pairs.jsonl', '--kind', 'summary'], sum.io), 1);
    const rows = sum.out.map((l) => JSON.parse(l) as { id: string; consistent: boolean; reasons: string[] });
    assert.deepEqual(rows.map((r) => [r.id, r.consistent]), [['s', true], ['d', true]], 'a summary may leave content out');
    assert.match(sum.err[0]!, /pairs\.jsonl:3: "style" must be a string/);
    const rw = capture(dir);
    await main(['check', 'pairs.jsonl'], rw.io);
    const r2 = rw.out.map((l) => JSON.parse(l) as { id: string; consistent: boolean; reasons: string[] });
    assert.equal(r2[0]!.consistent, false, 'a textbook rewrite may not drop half its source');
    assert.deepEqual(r2[0]!.reasons, ['drops 2 of 3 source facts (1932, 12,000)', 'drops 1 of 2 source passages (38% of the text)']);
    assert.equal(r2[1]!.consistent, true, 'a distillation may');
    const bad = capture(dir);
    assert.equal(await main(['check', 'pairs.jsonl', '--kind', 'poem'], bad.io), 2);

    writeFileSync(join(dir, 'zh.txt'), '武田信玄在1560年没有出兵，无论如何《战国无双》都不得不提他。');
    const f = capture(dir);
    assert.equal(await main(['facts', 'zh.txt', '--json'], f.io), 0);
    const facts = JSON.parse(f.out.join('')) as Array<{ kind: string; type?: string; text: string; normalized: string; start: number; end: number }>;
    const text = '武田信玄在1560年没有出兵，无论如何《战国无双》都不得不提他。';
    for (const x of facts) assert.equal(text.slice(x.start, x.end), x.text);
    assert.deepEqual(facts.map((x) => `${x.kind}${x.type ? '/' + x.type : ''}:${x.text}`), ['entity/person:武田信玄', 'date:1560年', 'negation:没有', 'entity/title:《战国无双》']);
    writeFileSync(join(dir, 'docs.jsonl'), [JSON.stringify({ id: 7, text: 'Led By Donkeys paid £170 in May 2019.' }), 'oops'].join('\n'));
    const j = capture(dir);
    assert.equal(await main(['facts', 'docs.jsonl', '--jsonl'], j.io), 1);
    const line = JSON.parse(j.out[0]!) as { id: number; facts: Array<{ kind: string; text: string; normalized: string }> };
    assert.equal(line.id, 7);
    assert.deepEqual(line.facts.map((x) => `${x.kind}:${x.text}:${x.normalized}`), ['entity:Led By Donkeys:led by donkeys', 'number:£170:gbp 170', 'date:May 2019:2019-05']);
    assert.match(j.err[0]!, /docs\.jsonl:2: not valid JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
