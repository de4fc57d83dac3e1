// Where batch jobs come from: a list of files, a folder, or a JSONL jobs file (one job a line:
// {"id", "path" or "text", "style", "audience"}), plus a mix of style/audience pairs with shares assigned
// deterministically (seeded) to the jobs that name none. planJobs turns them into PlannedJobs with keys.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { parseRecordRef } from '../corpus/record-ref';
import { toWorkspacePath } from '../provenance/log';
import { sha256 } from '../text/hash';
import { estimateTokens } from '../text/lang';
import { DEFAULT_AUDIENCE, DEFAULT_STYLE } from '../rewrite/catalog';
import type { PlannedJob } from './journal';
import { errorMessage } from '../util/errors';

export interface JobSpec {
  id?: string;
  /** Absolute path, or relative to `baseDir` given to planJobs; or a record of a shard, `<shard>:<line or row>` (records.ts). */
  path?: string;
  text?: string;
  style?: string;
  audience?: string;
  /** 1-based line of the jobs file. */
  line?: number;
}

export interface SourceError {
  line?: number;
  id?: string;
  message: string;
}

export interface StyleShare {
  style: string;
  audience: string;
  /** Any positive weights; normalised (e.g. 50/50 or 0.5/0.5). */
  share: number;
}

/** Text files a folder source picks up. */
export const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.text', '.rst', '.html', '.htm']);

/** Parses a JSONL jobs file. Bad lines are reported with their line number and left out. */
export function parseJobsJsonl(text: string): { specs: JobSpec[]; errors: SourceError[] } {
  const specs: JobSpec[] = [];
  const errors: SourceError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw || raw.startsWith('//')) continue;
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch (e) {
      errors.push({ line: i + 1, message: `not JSON: ${errorMessage(e)}` });
      continue;
    }
    if (!o || typeof o !== 'object' || Array.isArray(o)) {
      errors.push({ line: i + 1, message: 'not a JSON object' });
      continue;
    }
    const r = o as Record<string, unknown>;
    const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : r[k] === undefined || r[k] === null ? undefined : String(r[k]));
    const spec: JobSpec = { id: str('id'), path: str('path'), text: typeof r.text === 'string' ? r.text : undefined, style: str('style'), audience: str('audience'), line: i + 1 };
    if (!spec.path && spec.text === undefined) {
      errors.push({ line: i + 1, id: spec.id, message: 'a job needs "path" or "text"' });
      continue;
    }
    if (spec.path && spec.text !== undefined) {
      errors.push({ line: i + 1, id: spec.id, message: 'a job has either "path" or "text", not both' });
      continue;
    }
    specs.push(spec);
  }
  return { specs, errors };
}

export function specsFromFiles(paths: readonly string[]): JobSpec[] {
  return paths.map((path) => ({ path }));
}

/** Every text file under `folder` (recursively, sorted, hidden folders and .curator skipped). */
export function specsFromFolder(folder: string, extensions: ReadonlySet<string> = TEXT_EXTENSIONS): JobSpec[] {
  const out: string[] = [];
  (function walk(dir: string) {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && extensions.has(extname(e.name).toLowerCase())) out.push(p);
    }
  })(folder);
  return specsFromFiles(out);
}

/** A uniform number in [0, 1) from a seed and a string (deterministic, platform-independent). */
function seededUnit(seed: string, id: string): number {
  return parseInt(sha256(`${seed}\u0000${id}`).slice(0, 13), 16) / 2 ** 52;
}

/**
 * Gives each job without a style/audience one pair of `mix`, in the proportions of the shares: exact counts
 * (largest remainder) over the jobs needing one, which jobs get which pair decided by a seeded hash of the
 * job id, so the same jobs and seed always give the same assignment whatever their order.
 */
export function assignStyles(specs: readonly JobSpec[], mix: readonly StyleShare[], seed = 'curator'): JobSpec[] {
  const weights = mix.filter((m) => m.share > 0);
  if (weights.length === 0) return specs.slice();
  const needing = specs.map((s, i) => ({ s, i })).filter(({ s }) => !s.style || !s.audience);
  const sum = weights.reduce((a, m) => a + m.share, 0);
  const exact = weights.map((m) => (m.share / sum) * needing.length);
  const counts = exact.map(Math.floor);
  let left = needing.length - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k++, left--) counts[order[k % order.length]!.i]!++;
  const ranked = needing
    .map((n) => ({ ...n, u: seededUnit(seed, n.s.id ?? n.s.path ?? String(n.s.line ?? n.i)) }))
    .sort((a, b) => a.u - b.u || a.i - b.i);
  const out = specs.slice();
  let at = 0;
  weights.forEach((m, wi) => {
    for (let c = 0; c < counts[wi]!; c++, at++) {
      const { s, i } = ranked[at]!;
      out[i] = { ...s, style: s.style ?? m.style, audience: s.audience ?? m.audience };
    }
  });
  return out;
}

/** Parses "textbook/high-school:50,qa/college:50" into shares. */
export function parseMix(text: string): StyleShare[] {
  return text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = /^([^/:]+)\/([^:]+)(?::([\d.]+)%?)?$/.exec(p);
      if (!m) throw new Error(`bad mix entry "${p}" (expected style/audience:share)`);
      return { style: m[1]!.trim(), audience: m[2]!.trim(), share: m[3] ? Number(m[3]) : 1 };
    });
}

export interface PlanOptions {
  /** Workspace root: paths in the plan are relative to it. */
  root: string;
  /** Relative paths in specs are resolved against this (the jobs file's folder); default root. */
  baseDir?: string;
  model: string;
  /** Identity of the prompt for a style, audience and document (template sha256): part of the job key; undefined = no template. */
  promptId: (style: string, audience: string, text: string) => string | undefined;
  /** Reads a source file: its whole text (hashed) and the text to rewrite (default: UTF-8, both the same). */
  readSource?: (absPath: string) => { fileText: string; text: string };
  defaults?: { style?: string; audience?: string };
  /** Prompt overhead in tokens added to each estimate (template text); default 400. */
  promptOverheadTokens?: number;
}

export interface PlanResult {
  jobs: PlannedJob[];
  errors: SourceError[];
  /** Jobs left out because an earlier job has the same key (same content, prompt, model, style, audience). */
  duplicates: { id: string; of: string }[];
}

export function jobKey(sourceSha256: string, promptId: string, model: string, style: string, audience: string): string {
  return sha256([sourceSha256, promptId, model, style, audience].join('\n')).slice(0, 24);
}

/** Reads the sources, hashes them and gives every job its key. Unreadable sources are errors, not jobs. */
export function planJobs(specs: readonly JobSpec[], opts: PlanOptions): PlanResult {
  const jobs: PlannedJob[] = [];
  const errors: SourceError[] = [];
  const duplicates: PlanResult['duplicates'] = [];
  const byKey = new Map<string, string>();
  const ids = new Set<string>();
  const base = opts.baseDir ?? opts.root;
  const overhead = opts.promptOverheadTokens ?? 400;
  for (const s of specs) {
    const style = s.style ?? opts.defaults?.style;
    const audience = s.audience ?? opts.defaults?.audience;
    if (!style || !audience) {
      errors.push({ line: s.line, id: s.id, message: 'no style/audience (give them in the job, as defaults or as a mix)' });
      continue;
    }
    let text: string;
    let fileText: string;
    let path: string | undefined;
    if (s.path) {
      const abs = isAbsolute(s.path) ? s.path : resolve(base, s.path);
      // A record ref (`x.jsonl:3`) names a record of the shard file before its colon (records.ts).
      const file = parseRecordRef(abs)?.path ?? abs;
      if (!existsSync(file) || !statSync(file).isFile()) {
        errors.push({ line: s.line, id: s.id, message: `no such file: ${s.path}` });
        continue;
      }
      try {
        ({ text, fileText } = (opts.readSource ?? readUtf8)(abs));
      } catch (e) {
        errors.push({ line: s.line, id: s.id, message: errorMessage(e) });
        continue;
      }
      path = toWorkspacePath(opts.root, abs);
    } else text = fileText = s.text ?? '';
    if (!text.trim()) {
      errors.push({ line: s.line, id: s.id, message: 'the document is empty' });
      continue;
    }
    const id = s.id ?? path ?? `line-${s.line ?? jobs.length + 1}`;
    if (ids.has(id)) {
      errors.push({ line: s.line, id, message: `duplicate job id "${id}"` });
      continue;
    }
    ids.add(id);
    const promptId = opts.promptId(style, audience, text);
    if (promptId === undefined) {
      errors.push({ line: s.line, id, message: `no prompt template for style "${style}" and audience "${audience}"` });
      continue;
    }
    const sourceSha = sha256(fileText);
    const key = jobKey(sourceSha, promptId, opts.model, style, audience);
    const prev = byKey.get(key);
    if (prev !== undefined) {
      duplicates.push({ id, of: prev });
      continue;
    }
    byKey.set(key, id);
    const t = estimateTokens(text);
    jobs.push({
      id,
      key,
      source: { ...(path !== undefined ? { path } : { text }), sha256: sourceSha, chars: fileText.length },
      style,
      audience,
      estTokens: overhead + t * 2,
      ...(s.line !== undefined ? { line: s.line } : {}),
    });
  }
  return { jobs, errors, duplicates };
}

function readUtf8(abs: string): { fileText: string; text: string } {
  const t = readFileSync(abs, 'utf8');
  return { fileText: t, text: t };
}

/** How a batch's styles were chosen: with its jobs file, what makes it the same batch. */
export interface BatchChoice {
  model: string;
  /** The pair for jobs that name none (the CLI's --style/--audience, the extension's single pick); default textbook/college. */
  style?: string;
  audience?: string;
  /** A plan of several pairs (the CLI's --mix, the extension's plan), in whichever syntax it was written. */
  mix?: readonly StyleShare[];
  /** Seed of the mix's assignment (default "curator"). */
  seed?: string;
}

/**
 * The batch id of a jobs file: its absolute path and content, and the choice of model and styles, so running
 * the same file again resumes it — from the CLI or the extension alike (a batch started in one resumes in the
 * other): the choice is canonical, whatever syntax the plan was written in ("50% textbook/high-school" or
 * "textbook/high-school:50") and whether the default pair was picked or implied.
 */
export function batchIdFor(absJobsPath: string, content: string | Uint8Array, choice?: BatchChoice): string {
  let extra = '';
  if (choice) {
    const mix = choice.mix?.length ? choice.mix.map((m) => `${m.style}/${m.audience}:${m.share}`).join(',') : '';
    extra = JSON.stringify({ model: choice.model, style: choice.style ?? DEFAULT_STYLE, audience: choice.audience ?? DEFAULT_AUDIENCE, mix, seed: mix ? (choice.seed ?? 'curator') : '' });
  }
  return `b-${sha256(`${absJobsPath}\u0000${sha256(content)}\u0000${extra}`).slice(0, 16)}`;
}
