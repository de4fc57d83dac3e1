// package.json's menus and views as a user meets them (issue 17, item 8): menu `when` clauses evaluated
// against the context keys VS Code sets for a given explorer selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
interface MenuEntry { command: string; when?: string; group?: string }
interface Pkg {
  contributes: { menus: Record<string, MenuEntry[]>; views: Record<string, { id: string }[]>; viewsWelcome: { view: string; when?: string }[] };
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Pkg;

type Ctx = Record<string, string | boolean | undefined>;

/** Evaluates the subset of VS Code's when-clause language package.json uses: ||, &&, !, ==, !=, =~. */
function when(expr: string | undefined, ctx: Ctx): boolean {
  if (!expr) return true;
  return expr.split('||').some((alt) =>
    alt.split('&&').every((raw) => {
      const t = raw.trim();
      let m = /^(\S+)\s*=~\s*\/(.*)\/(\w*)$/.exec(t);
      if (m) return new RegExp(m[2]!.replace(/\\\\/g, '\\'), m[3]).test(String(ctx[m[1]!] ?? ''));
      m = /^(\S+)\s*(==|!=)\s*(\S+)$/.exec(t);
      if (m) return (String(ctx[m[1]!] ?? '') === m[3]) === (m[2] === '==');
      if (t.startsWith('!')) return !ctx[t.slice(1).trim()];
      if (t === 'true') return true;
      if (t === 'false') return false;
      return Boolean(ctx[t]);
    }),
  );
}

/** The context keys of the explorer with `n` files selected (the clicked one a Markdown file). */
function explorer(n: number): Ctx {
  return { listMultiSelection: n > 1, listDoubleSelection: n === 2, explorerResourceIsFolder: false, resourceExtname: '.md', resourceScheme: 'file' };
}

function offered(command: string, menu: string, ctx: Ctx): boolean {
  return (pkg.contributes.menus[menu] ?? []).some((m) => m.command === command && when(m.when, ctx));
}

test('the evaluator reads the clauses as VS Code does', () => {
  assert.equal(when('a && !b', { a: true }), true);
  assert.equal(when('a && !b', { a: true, b: true }), false);
  assert.equal(when('x == .md || y', { x: '.md' }), true);
  assert.equal(when('resourceExtname =~ /^\\.(md|txt)$/', { resourceExtname: '.txt' }), true);
});

test('"Review Rewrite…" is offered in the explorer for two selected files, not for one folder or ten files', () => {
  assert.equal(offered('corpusCurator.reviewRewrite', 'explorer/context', explorer(2)), true, 'a source and its rewrite');
  assert.equal(offered('corpusCurator.reviewRewrite', 'explorer/context', explorer(10)), false, 'ten files selected');
  assert.equal(offered('corpusCurator.reviewRewrite', 'explorer/context', { ...explorer(2), explorerResourceIsFolder: true }), false, 'folders');
});

import { queueIcon } from '../../src/host/batch/queue.model';
import { docIcon } from '../../src/host/corpus/query.model';

test('the queue\'s "consistent, pending" icon is not the document tree\'s "accepted" icon', () => {
  const accepted = docIcon({ kind: 'synthetic', status: 'accepted', format: 'md' }, [], 0);
  const pendingInTree = docIcon({ kind: 'synthetic', status: 'pending', format: 'md' }, [], 0);
  for (const v of ['consistent', 'needs-review', undefined] as const) {
    const q = queueIcon(v);
    assert.notEqual(q.id, accepted.id, `queue ${v ?? 'unscored'} looks like accepted`);
  }
  assert.notEqual(queueIcon('consistent').id, queueIcon('needs-review').id);
  assert.notEqual(pendingInTree.id, accepted.id);
  assert.equal(docIcon({ kind: 'synthetic', status: 'rejected', format: 'md' }, [], 0).id, 'error');
});

test('an empty Review Queue has a welcome text and does not get half of the sidebar', () => {
  const views = pkg.contributes.views.corpusCurator as { id: string; initialSize?: number }[];
  const corpus = views.find((v) => v.id === 'corpusCurator.corpusView')!;
  const queue = views.find((v) => v.id === 'corpusCurator.reviewQueue')!;
  assert.ok(queue.initialSize !== undefined && corpus.initialSize !== undefined && queue.initialSize * 2 < corpus.initialSize, 'initial sizes');
  assert.ok(pkg.contributes.viewsWelcome.some((w) => w.view === 'corpusCurator.reviewQueue'), 'a welcome view for the empty queue');
});

test('the Getting Started walkthrough: four steps, each with its media on disk, commands that exist, and text in English and Chinese', () => {
  const full = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    icon: string;
    contributes: { commands: { command: string }[]; walkthroughs: { steps: { id: string; title: string; description: string; media: { svg?: string; image?: string }; completionEvents: string[] }[] }[] };
  };
  const en = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const zh = JSON.parse(readFileSync(join(root, 'package.nls.zh-cn.json'), 'utf8')) as Record<string, string>;
  const ids = new Set(full.contributes.commands.map((c) => c.command));
  const [w] = full.contributes.walkthroughs;
  assert.deepEqual(w!.steps.map((s) => s.id), ['endpoint', 'rewrite', 'review', 'mix']);
  for (const s of w!.steps) {
    assert.ok(existsSync(join(root, s.media.svg ?? s.media.image ?? '')), `${s.id}: media`);
    for (const e of s.completionEvents) assert.ok(ids.has(e.replace(/^onCommand:/, '')), `${s.id}: ${e}`);
    for (const key of [s.title, s.description].map((t) => t.replace(/^%|%$/g, ''))) {
      assert.ok(en[key] && zh[key], `${key} in both languages`);
      for (const m of en[key]!.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(ids.has(m[1]!), `${key} links ${m[1]}`);
    }
  }
  assert.ok(existsSync(join(root, full.icon)), 'the extension icon');
});
