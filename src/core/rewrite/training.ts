// Review decisions as training data (issue 17): preference pairs for preference tuning and accepted rewrites
// for supervised fine-tuning, from the provenance log's rewrite and decision lines.
//
// - preference-pairs.jsonl: one {"prompt", "chosen", "rejected", "metadata"} line for every accepted ×
//   rejected rewrite of the same prompt (same source text, style, audience and template), in the
//   conversational format TRL's DPOTrainer reads: prompt = [system, user] messages, chosen and rejected =
//   [assistant] messages.
// - sft.jsonl: one {"messages": [system, user, assistant], "metadata"} line per accepted rewrite.
// The prompt is rebuilt with the rewrite's own prompt builder (prompts.ts: buildMessages) from the template,
// style and audience the provenance line records, and the source text the model was given (an HTML page's
// main text; a selection's range). A rewrite made in chunks is exported as one whole-document prompt (its
// metadata says how many chunks). Every metadata object has the same keys (null when unknown), so the files
// load as one table (datasets.load_dataset("json")).
// Skipped, with the reason: decisions with no rewrite line, sources that changed since the rewrite or are
// gone, rewrites whose file is gone.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { currentDecisions, decisionRecords } from '../provenance/decisions';
import { readProvenance } from '../provenance/log';
import type { DecisionRecord, RewriteRecord } from '../provenance/types';
import type { ChatMessage } from '../llm/types';
import { sha256 } from '../text/hash';
import { buildMessages } from './prompts';
import { readSourceFile } from './source';
import { loadTemplates, selectTemplate, type TemplateSet } from './templates';
import { errorMessage } from '../util/errors';

export const PAIRS_FILE = 'preference-pairs.jsonl';
export const SFT_FILE = 'sft.jsonl';

/** One decided rewrite as it appears in the metadata. */
export interface DecidedRewriteMeta {
  rewriteId: string;
  path: string;
  /** Where a rejected file is now (.curator/rejected/…), else null. */
  movedTo: string | null;
  model: string;
  decision: 'accepted' | 'rejected';
  decidedAt: string;
  reason: string | null;
  comment: string | null;
  score: number | null;
  verdict: string | null;
  verdictReasons: string[];
  /** The file differs from the text that was reviewed (edited after the decision). */
  editedAfterReview: boolean;
}

export interface PromptMeta {
  source: string;
  sourceSha256: string;
  lang: string;
  style: string;
  audience: string;
  template: string;
  templateOrigin: string;
  /** The template's text today is the one the rewrite used (its hash matches the provenance line). */
  templateUnchanged: boolean;
  /** Chunks the rewrite was made in (the prompt here is the whole document's). */
  chunks: number;
  batchId: string | null;
}

export interface PreferencePair {
  prompt: ChatMessage[];
  chosen: ChatMessage[];
  rejected: ChatMessage[];
  metadata: PromptMeta & { chosen: DecidedRewriteMeta; rejected: DecidedRewriteMeta };
}

export interface SftRecord {
  messages: ChatMessage[];
  metadata: PromptMeta & { rewrite: DecidedRewriteMeta };
}

export interface DecisionTraining {
  pairs: PreferencePair[];
  sft: SftRecord[];
  accepted: number;
  rejected: number;
  /** Sources with at least one accepted and one rejected rewrite of the same prompt. */
  pairedPrompts: number;
  skipped: { rewrite: string; reason: string }[];
}

interface Decided {
  rec: RewriteRecord;
  decision: DecisionRecord & { decision: 'accepted' | 'rejected' };
  text: string;
  prompt: ChatMessage[];
  meta: PromptMeta;
}

const abs = (root: string, rel: string) => join(root, ...rel.split('/'));

/** The messages the rewrite was asked with (whole document), and what the metadata says about them. */
function promptFor(root: string, rec: RewriteRecord, templates: TemplateSet): { prompt: ChatMessage[]; meta: PromptMeta } {
  if (rec.source.path.includes('#')) throw new Error('its source is a line of a jobs file, not a file');
  const file = abs(root, rec.source.path);
  if (!existsSync(file)) throw new Error(`its source ${rec.source.path} is gone`);
  const src = readSourceFile(file);
  if (rec.source.sha256 && sha256(src.fileText) !== rec.source.sha256) throw new Error(`its source ${rec.source.path} changed since the rewrite`);
  const text = (rec.source.selection ? src.fileText.slice(rec.source.selection.start, rec.source.selection.end) : src.text).trim();
  const lang = rec.source.lang === 'zh' || rec.source.lang === 'en' ? rec.source.lang : 'other';
  const template =
    templates.templates.find((t) => t.id === rec.template.id && t.origin === rec.template.origin && (t.lang === '*' || t.lang === (lang === 'zh' ? 'zh' : 'en'))) ??
    templates.templates.find((t) => t.id === rec.template.id) ??
    selectTemplate(templates, rec.style, rec.audience, lang === 'zh' ? 'zh' : 'en');
  if (!template) throw new Error(`no prompt template "${rec.template.id}" for style "${rec.style}"`);
  const prompt = buildMessages({ template, style: rec.style, audience: rec.audience, sourceLang: lang, text });
  return {
    prompt,
    meta: {
      source: rec.source.path,
      sourceSha256: rec.source.sha256,
      lang: rec.source.lang,
      style: rec.style,
      audience: rec.audience,
      template: template.id,
      templateOrigin: template.origin,
      templateUnchanged: template.sha256 === rec.template.sha256,
      chunks: rec.chunks,
      batchId: rec.batchId ?? null,
    },
  };
}

function decidedMeta(d: Decided): DecidedRewriteMeta {
  const dec = d.decision;
  return {
    rewriteId: d.rec.id,
    path: d.rec.output.path,
    movedTo: dec.movedTo ?? null,
    model: d.rec.model,
    decision: dec.decision,
    decidedAt: dec.time,
    reason: dec.reason ?? null,
    comment: dec.comment ?? null,
    score: dec.facts?.score ?? null,
    verdict: dec.facts?.verdict ?? null,
    verdictReasons: dec.facts?.reasons ?? [],
    editedAfterReview: !!dec.output.sha256 && dec.output.sha256 !== sha256(d.text),
  };
}

/** The preference pairs and SFT records of a workspace's review decisions (in decision order). */
export function collectDecisionTraining(root: string, templates: TemplateSet = loadTemplates(root)): DecisionTraining {
  const rewrites = readProvenance(root).records.filter((r): r is RewriteRecord => r.type === 'rewrite');
  const byId = new Map(rewrites.map((r) => [r.id, r]));
  const byOutput = new Map(rewrites.map((r) => [r.output.path, r]));
  const decisions = decisionRecords(root);
  // the decision in force per rewrite (by id; a decision without one by its output path)
  const current = new Map<string, DecisionRecord>([...currentDecisions(decisions)]);
  for (const d of decisions) if (!d.rewriteId) current.set(`path:${d.output.path}`, d);
  const skipped: DecisionTraining['skipped'] = [];
  const decided: Decided[] = [];
  for (const d of [...current.values()].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))) {
    if (d.decision !== 'accepted' && d.decision !== 'rejected') continue;
    const rec = (d.rewriteId && byId.get(d.rewriteId)) || byOutput.get(d.output.path);
    if (!rec) {
      skipped.push({ rewrite: d.output.path, reason: 'no rewrite line in the provenance log (no prompt to export)' });
      continue;
    }
    const at = d.decision === 'rejected' && d.movedTo ? d.movedTo : d.output.path;
    let text: string;
    try {
      text = readFileSync(abs(root, at), 'utf8');
    } catch {
      skipped.push({ rewrite: d.output.path, reason: `the rewrite ${at} is gone` });
      continue;
    }
    try {
      const { prompt, meta } = promptFor(root, rec, templates);
      decided.push({ rec, decision: d as Decided['decision'], text, prompt, meta });
    } catch (e) {
      skipped.push({ rewrite: d.output.path, reason: errorMessage(e) });
    }
  }
  const sft: SftRecord[] = decided
    .filter((d) => d.decision.decision === 'accepted')
    .map((d) => ({ messages: [...d.prompt, { role: 'assistant', content: d.text }], metadata: { ...d.meta, rewrite: decidedMeta(d) } }));
  const groups = new Map<string, Decided[]>();
  for (const d of decided) {
    const k = JSON.stringify(d.prompt);
    const g = groups.get(k);
    if (g) g.push(d);
    else groups.set(k, [d]);
  }
  const pairs: PreferencePair[] = [];
  let pairedPrompts = 0;
  for (const g of groups.values()) {
    const acc = g.filter((d) => d.decision.decision === 'accepted');
    const rej = g.filter((d) => d.decision.decision === 'rejected');
    if (!acc.length || !rej.length) continue;
    pairedPrompts++;
    for (const a of acc) {
      for (const r of rej) {
        pairs.push({
          prompt: a.prompt,
          chosen: [{ role: 'assistant', content: a.text }],
          rejected: [{ role: 'assistant', content: r.text }],
          metadata: { ...a.meta, chosen: decidedMeta(a), rejected: decidedMeta(r) },
        });
      }
    }
  }
  return {
    pairs,
    sft,
    accepted: decided.filter((d) => d.decision.decision === 'accepted').length,
    rejected: decided.filter((d) => d.decision.decision === 'rejected').length,
    pairedPrompts,
    skipped,
  };
}

export interface DecisionExport extends Omit<DecisionTraining, 'pairs' | 'sft'> {
  pairsFile: string;
  sftFile: string;
  pairs: number;
  sft: number;
}

/** Writes preference-pairs.jsonl and sft.jsonl into `outDir` (created; files replaced). */
export function exportDecisionTraining(root: string, outDir: string, templates?: TemplateSet): DecisionExport {
  const t = collectDecisionTraining(root, templates);
  mkdirSync(outDir, { recursive: true });
  const pairsFile = join(outDir, PAIRS_FILE);
  const sftFile = join(outDir, SFT_FILE);
  const lines = (rows: readonly object[]) => rows.map((r) => JSON.stringify(r) + '\n').join('');
  writeFileSync(pairsFile, lines(t.pairs));
  writeFileSync(sftFile, lines(t.sft));
  return { ...t, pairsFile, sftFile, pairs: t.pairs.length, sft: t.sft.length };
}
