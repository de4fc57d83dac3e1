// Prompt templates: built-in ones for every style (English and Chinese instructions), plus the user's
// Markdown templates in `.curator/prompts/*.md`, which add styles or override the built-in ones.
//
// A workspace template:
//   ---
//   name: Textbook for nurses        (required)
//   style: textbook                  (required; a new id adds a style)
//   audience: college                (optional; omitted or * = any audience)
//   lang: en                         (optional: en, zh or * = any; default *)
//   id: nurses-textbook              (optional; default: the file name)
//   ---
//   Instructions, with {{audience}}, {{style}} and {{language}} placeholders.
//
// The fact-preservation and language rules are always appended: a template cannot switch them off.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sha256 } from '../text/hash';
import { STYLES } from './catalog';
import { errorMessage } from '../util/errors';

export type TemplateLang = 'en' | 'zh' | '*';

export interface PromptTemplate {
  id: string;
  name: string;
  style: string;
  audience: string;
  lang: TemplateLang;
  body: string;
  origin: 'builtin' | 'workspace';
  /** Absolute path for workspace templates. */
  file?: string;
  /** SHA-256 of the body and the rules version: the "prompt hash" of provenance and batch keys. */
  sha256: string;
}

export class TemplateError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TemplateError';
  }
}

export const RULES_VERSION = 1;
const PLACEHOLDERS = new Set(['audience', 'style', 'language']);
const KEYS = new Set(['name', 'style', 'audience', 'lang', 'id', 'description']);

function hashOf(body: string): string {
  return sha256(`rules:v${RULES_VERSION}\n${body}`);
}

export function builtinTemplates(): PromptTemplate[] {
  const out: PromptTemplate[] = [];
  for (const s of STYLES) {
    const en = `You rewrite documents for a language-model training corpus. ${s.task.en} Write for {{audience}}.`;
    const zh = `你负责为语言模型训练语料改写文档。${s.task.zh}读者对象是{{audience}}。`;
    out.push({ id: `builtin:${s.id}:en`, name: s.label.en, style: s.id, audience: '*', lang: 'en', body: en, origin: 'builtin', sha256: hashOf(en) });
    out.push({ id: `builtin:${s.id}:zh`, name: s.label.zh, style: s.id, audience: '*', lang: 'zh', body: zh, origin: 'builtin', sha256: hashOf(zh) });
  }
  return out;
}

/** Parses one template file's text. Throws TemplateError naming the file and line. */
export function parseTemplate(text: string, file: string): PromptTemplate {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new TemplateError(file, 1, 'a template starts with a front matter block: a line "---", then "key: value" lines (name, style, audience, lang), then "---"');
  const meta: Record<string, string> = {};
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '---') {
      end = i;
      break;
    }
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const m = /^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$/.exec(line);
    if (!m) throw new TemplateError(file, i + 1, `expected "key: value" in the front matter, found "${line.trim().slice(0, 60)}"`);
    const key = m[1]!.toLowerCase();
    if (!KEYS.has(key)) throw new TemplateError(file, i + 1, `unknown front matter key "${m[1]}" (known: ${[...KEYS].join(', ')})`);
    meta[key] = m[2]!.replace(/^["']|["']$/g, '');
  }
  if (end < 0) throw new TemplateError(file, 1, 'the front matter is not closed: add a line "---" after the last "key: value" line');
  const idRe = /^[a-z0-9][a-z0-9_-]*$/;
  const at = (key: string) => lines.findIndex((l, i) => i > 0 && i < end && new RegExp(`^\\s*${key}\\s*:`, 'i').test(l)) + 1 || 1;
  if (!meta.name) throw new TemplateError(file, 1, 'the front matter needs a "name"');
  if (!meta.style) throw new TemplateError(file, 1, 'the front matter needs a "style" (e.g. textbook, qa, or a new style id)');
  if (!idRe.test(meta.style)) throw new TemplateError(file, at('style'), `style "${meta.style}" must be lower-case letters, digits, - or _`);
  const audience = meta.audience && meta.audience !== 'any' ? meta.audience : '*';
  if (audience !== '*' && !idRe.test(audience)) throw new TemplateError(file, at('audience'), `audience "${audience}" must be lower-case letters, digits, - or _, or *`);
  const lang = (meta.lang ?? '*').toLowerCase();
  if (lang !== 'en' && lang !== 'zh' && lang !== '*' && lang !== 'any') throw new TemplateError(file, at('lang'), `lang must be en, zh or * (got "${meta.lang}")`);
  const body = lines.slice(end + 1).join('\n').trim();
  if (!body) throw new TemplateError(file, end + 2, 'the template has no instructions after the front matter');
  const bodyLines = lines.slice(end + 1);
  for (let i = 0; i < bodyLines.length; i++) {
    for (const m of bodyLines[i]!.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      if (!PLACEHOLDERS.has(m[1]!)) throw new TemplateError(file, end + 2 + i, `unknown placeholder {{${m[1]}}} (known: {{audience}}, {{style}}, {{language}})`);
    }
  }
  const id = meta.id ?? basename(file).replace(/\.md$/i, '');
  if (!idRe.test(id.toLowerCase())) throw new TemplateError(file, at('id'), `template id "${id}" must be letters, digits, - or _`);
  return {
    id: `workspace:${id.toLowerCase()}`,
    name: meta.name,
    style: meta.style,
    audience,
    lang: lang === 'any' ? '*' : (lang as TemplateLang),
    body,
    origin: 'workspace',
    file,
    sha256: hashOf(body),
  };
}

export interface TemplateSet {
  templates: PromptTemplate[];
  /** Workspace templates that could not be loaded: shown to the user, the rest still work. */
  errors: TemplateError[];
}

/** Built-in templates plus `.curator/prompts/*.md` under root (when it exists). */
export function loadTemplates(root?: string): TemplateSet {
  const set: TemplateSet = { templates: builtinTemplates(), errors: [] };
  if (!root) return set;
  const dir = join(root, '.curator', 'prompts');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.md')).sort();
  } catch {
    return set;
  }
  const seen = new Map<string, string>();
  for (const n of names) {
    const file = join(dir, n);
    try {
      if (statSync(file).size > 256 * 1024) throw new TemplateError(file, 1, 'template is larger than 256 KB');
      const t = parseTemplate(readFileSync(file, 'utf8'), file);
      const dup = seen.get(t.id);
      if (dup) throw new TemplateError(file, 1, `template id "${t.id.slice(10)}" is already used by ${dup}`);
      seen.set(t.id, file);
      set.templates.push(t);
    } catch (e) {
      set.errors.push(e instanceof TemplateError ? e : new TemplateError(file, 1, errorMessage(e)));
    }
  }
  return set;
}

/**
 * The template for a style, audience and language: an exact audience beats "any", an exact language beats
 * "any", and a workspace template beats a built-in one at equal fit.
 */
export function selectTemplate(set: TemplateSet, style: string, audience: string, lang: 'en' | 'zh'): PromptTemplate | undefined {
  let best: PromptTemplate | undefined;
  let bestScore = -1;
  for (const t of set.templates) {
    if (t.style !== style) continue;
    if (t.audience !== '*' && t.audience !== audience) continue;
    if (t.lang !== '*' && t.lang !== lang) continue;
    const score = (t.audience === audience ? 4 : 0) + (t.lang === lang ? 2 : 0) + (t.origin === 'workspace' ? 1 : 0);
    if (score > bestScore) {
      best = t;
      bestScore = score;
    }
  }
  return best;
}

/** Style ids with a template, built-in first, then new ones from the workspace. */
export function availableStyles(set: TemplateSet): { id: string; name: string; origin: 'builtin' | 'workspace' }[] {
  const out: { id: string; name: string; origin: 'builtin' | 'workspace' }[] = STYLES.map((s) => ({ id: s.id, name: s.label.en, origin: 'builtin' }));
  for (const t of set.templates) if (t.origin === 'workspace' && !out.some((s) => s.id === t.style)) out.push({ id: t.style, name: t.name, origin: 'workspace' });
  return out;
}
