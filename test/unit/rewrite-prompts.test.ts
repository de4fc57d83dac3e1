import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMessages } from '../../src/core/rewrite/prompts';
import { availableStyles, loadTemplates, parseTemplate, selectTemplate, TemplateError } from '../../src/core/rewrite/templates';
import { AUDIENCES, STYLES } from '../../src/core/rewrite/catalog';
import { tempDir } from './tempdirs';

const builtins = loadTemplates();

test('every style has an English and a Chinese built-in template', () => {
  assert.ok(STYLES.length >= 6);
  for (const s of STYLES) {
    assert.equal(selectTemplate(builtins, s.id, 'college', 'en')?.lang, 'en');
    assert.equal(selectTemplate(builtins, s.id, 'college', 'zh')?.lang, 'zh');
  }
  assert.deepEqual(AUDIENCES.map((a) => a.id), ['children', 'high-school', 'college', 'researchers']);
});

test('English prompt: task, audience, fact rules, source language, document in tags', () => {
  const t = selectTemplate(builtins, 'textbook', 'high-school', 'en')!;
  const [system, user] = buildMessages({ template: t, style: 'textbook', audience: 'high-school', sourceLang: 'en', text: 'GPT-3 has 175B parameters.' });
  assert.equal(system!.role, 'system');
  assert.match(system!.content, /textbook/);
  assert.match(system!.content, /high school students/);
  assert.match(system!.content, /Keep every fact/);
  assert.match(system!.content, /Add nothing that is not in the document/);
  assert.match(system!.content, /Write in English, the language of the document/);
  assert.match(user!.content, /<document>\nGPT-3 has 175B parameters\.\n<\/document>$/);
});

test('Chinese sources get Chinese instructions; chunk position is stated', () => {
  const t = selectTemplate(builtins, 'qa', 'children', 'zh')!;
  const [system, user] = buildMessages({ template: t, style: 'qa', audience: 'children', sourceLang: 'zh', text: '长江全长约6300公里。', chunkIndex: 1, chunkCount: 3 });
  assert.match(system!.content, /问答对/);
  assert.match(system!.content, /低龄儿童/);
  assert.match(system!.content, /保留文档中的每一个事实/);
  assert.match(system!.content, /用中文写作/);
  assert.doesNotMatch(system!.content, /Keep every fact/);
  assert.match(user!.content, /第 2 部分（共 3 部分）/);
});

test('other languages: English instructions that say to keep the document language', () => {
  const t = selectTemplate(builtins, 'wikipedia', 'college', 'en')!;
  const [system] = buildMessages({ template: t, style: 'wikipedia', audience: 'college', sourceLang: 'other', text: 'Der Rhein ist 1233 km lang.' });
  assert.match(system!.content, /same language as the document; do not translate/);
});

function workspaceWith(files: Record<string, string>): string {
  const root = tempDir('curator-tpl-');
  mkdirSync(join(root, '.curator', 'prompts'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, '.curator', 'prompts', name), text);
  return root;
}

test('workspace templates override built-ins, add styles, and always keep the rules', () => {
  const root = workspaceWith({
    'nurse.md': '---\nname: Textbook for nurses\nstyle: textbook\naudience: college\nlang: en\n---\nWrite a nursing textbook section for {{audience}} in {{language}}.\n',
    'lecture.md': '---\nname: Lecture notes\nstyle: lecture-notes\n---\nTurn it into lecture notes.\n',
  });
  const set = loadTemplates(root);
  assert.deepEqual(set.errors, []);
  const t = selectTemplate(set, 'textbook', 'college', 'en')!;
  assert.equal(t.id, 'workspace:nurse');
  assert.equal(selectTemplate(set, 'textbook', 'children', 'en')!.origin, 'builtin', 'audience-specific override only');
  assert.equal(selectTemplate(set, 'textbook', 'college', 'zh')!.origin, 'builtin', 'language-specific override only');
  const [system] = buildMessages({ template: t, style: 'textbook', audience: 'college', sourceLang: 'en', text: 'x' });
  assert.match(system!.content, /^Write a nursing textbook section for college students: .* in English\./);
  assert.match(system!.content, /Keep every fact/);
  assert.ok(availableStyles(set).some((s) => s.id === 'lecture-notes' && s.origin === 'workspace'));
  assert.notEqual(t.sha256, selectTemplate(builtins, 'textbook', 'college', 'en')!.sha256);
});

test('bad templates get an error naming the file and line; good ones still load', () => {
  const root = workspaceWith({
    'a-no-front.md': 'Just instructions\n',
    'b-unknown-key.md': '---\nname: X\nstyle: textbook\ncolour: blue\n---\nBody\n',
    'c-no-style.md': '---\nname: X\n---\nBody\n',
    'd-bad-placeholder.md': '---\nname: X\nstyle: qa\n---\nLine one\nFor {{reader}}\n',
    'e-empty.md': '---\nname: X\nstyle: qa\n---\n\n',
    'f-unclosed.md': '---\nname: X\nstyle: qa\n',
    'g-bad-lang.md': '---\nname: X\nstyle: qa\nlang: fr\n---\nBody\n',
    'h-good.md': '---\nname: Good\nstyle: qa\n---\nAsk and answer.\n',
  });
  const set = loadTemplates(root);
  const byFile = Object.fromEntries(set.errors.map((e) => [e.file.split('/').pop(), e]));
  assert.equal(set.errors.length, 7);
  assert.match(byFile['a-no-front.md']!.message, /a-no-front\.md:1: .*front matter/);
  assert.match(byFile['b-unknown-key.md']!.message, /b-unknown-key\.md:4: unknown front matter key "colour"/);
  assert.match(byFile['c-no-style.md']!.message, /needs a "style"/);
  assert.match(byFile['d-bad-placeholder.md']!.message, /d-bad-placeholder\.md:6: unknown placeholder \{\{reader\}\}/);
  assert.match(byFile['e-empty.md']!.message, /no instructions/);
  assert.match(byFile['f-unclosed.md']!.message, /not closed/);
  assert.match(byFile['g-bad-lang.md']!.message, /g-bad-lang\.md:4: lang must be/);
  assert.ok(set.templates.some((t) => t.id === 'workspace:h-good'));
  assert.throws(() => parseTemplate('---\nname: a\nstyle: Bad Style\n---\nx', 'z.md'), TemplateError);
});
