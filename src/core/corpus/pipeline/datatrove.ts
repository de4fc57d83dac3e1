// The same run at cluster scale: a ready-to-run datatrove pipeline script (Python) with the filters of a
// preset (filters/presets.ts: datatrove's own classes and thresholds) and MinHash deduplication with our
// settings mapped onto datatrove's (dedup/lsh.ts DEFAULT_DEDUP), on a local, Slurm or Ray executor.
//
// Stages (each an executor depending on the one before; running the last runs them all):
//  1. filter   reader → the preset's filters (each with an exclusion writer: removed/<filter>/) → filtered/
//  2. minhash  signatures of filtered/ (5-word shingles as ours)
//  3. buckets  LSH buckets (one task per bucket)
//  4. clusters one task: the ids to remove
//  5. dedup    filtered/ again, MinhashDedupFilter (removed/minhash/), writer → output/
// datatrove's MinHash keeps whole-document near copies (estimated Jaccard, LSH bands tuned so a pair at
// our threshold is found half the time) and joins matches transitively; it has no containment rule, so
// excerpts our index clusters are not removed there. The script says so in its header.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DEDUP } from '../dedup/lsh';
import { C4_DEFAULT_LINE_RULES, DATATROVE_CLASS, datatroveThresholds, PRESETS, type FilterStep, type PresetName } from '../filters/presets';

export type PipelineExecutor = 'local' | 'slurm' | 'ray';
export const PIPELINE_EXECUTORS: readonly PipelineExecutor[] = ['local', 'slurm', 'ray'];

export interface PipelineOptions {
  preset: PresetName;
  /** Folder (or file) the reader reads. */
  input: string;
  /** jsonl (also .jsonl.gz / .zst) or parquet. */
  inputFormat: 'jsonl' | 'parquet';
  /** Folder the pipeline writes to (filtered/, minhash/, removed/, output/, logs/). */
  output: string;
  /** The executor the script uses unless told otherwise on its command line (default local). */
  executor?: PipelineExecutor;
  /** Parallel tasks of the reading stages (default 4). */
  tasks?: number;
  /** The field holding the text (default "text"). */
  textKey?: string;
  /** Language of the corpus for datatrove's word tokenizer (default english). */
  language?: 'english' | 'chinese';
  /** The curator version and date written in the header (tests pass fixed ones). */
  generator?: string;
}

/** datatrove's LSH: buckets × hashes per bucket (≤ our 112 hashes) whose 50 % point is closest to `threshold`. */
export function lshForThreshold(threshold: number, hashes = DEFAULT_DEDUP.bands * DEFAULT_DEDUP.rows): { buckets: number; perBucket: number; half: number } {
  let best = { buckets: 14, perBucket: 8, half: 1 };
  let bestErr = Infinity;
  for (let r = 1; r <= 20; r++) {
    const b = Math.floor(hashes / r);
    if (b < 1) break;
    // P(candidate) = 1 − (1 − s^r)^b = 0.5  ⇔  s = (1 − 0.5^(1/b))^(1/r)
    const half = Math.pow(1 - Math.pow(0.5, 1 / b), 1 / r);
    const err = Math.abs(half - threshold);
    if (err < bestErr) {
      bestErr = err;
      best = { buckets: b, perBucket: r, half };
    }
  }
  return best;
}

/** A Python literal for a JSON-like value. */
function py(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `(${v.map(py).join(', ')}${v.length === 1 ? ',' : ''})`;
  throw new TypeError(`no Python literal for ${typeof v}`);
}

/** Constructor arguments of one filter step: every threshold written out, then the step's own switches. */
export function filterArgs(step: FilterStep): Record<string, unknown> {
  const args: Record<string, unknown> = { ...datatroveThresholds(step.filter) };
  if (step.filter === 'c4') {
    const c4 = step.c4 ?? C4_DEFAULT_LINE_RULES;
    Object.assign(args, {
      filter_no_terminal_punct: c4.filterNoTerminalPunct,
      min_words_per_line: c4.minWordsPerLine,
      max_word_length: c4.maxWordLength,
      filter_javascript: c4.filterJavascript,
      filter_policy: c4.filterPolicy,
      remove_citations: c4.removeCitations,
      filter_lorem_ipsum: true,
      filter_curly_bracket: true,
    });
  }
  return { ...args, ...step.datatroveArgs };
}

/** The Python script. */
export function datatrovePipelineScript(o: PipelineOptions): string {
  const preset = PRESETS[o.preset];
  const executor = o.executor ?? 'local';
  const tasks = o.tasks ?? 4;
  const textKey = o.textKey ?? 'text';
  const language = o.language ?? 'english';
  const lsh = lshForThreshold(DEFAULT_DEDUP.threshold);
  const reader = o.inputFormat === 'parquet' ? 'ParquetReader' : 'JsonlReader';
  const glob = o.inputFormat === 'parquet' ? '**/*.parquet' : '**/*.jsonl*';
  const classes = [...new Set(preset.steps.map((s) => DATATROVE_CLASS[s.filter]))];
  const filters = preset.steps
    .map((s) => {
      const args = Object.entries(filterArgs(s)).map(([k, v]) => `        ${k}=${py(v)},`);
      return [`    ${DATATROVE_CLASS[s.filter]}(`, ...args, `        exclusion_writer=JsonlWriter(f"{OUT}/removed/${s.filter}"),`, '    ),'].join('\n');
    })
    .join('\n');
  const L: string[] = [];
  L.push(
    '#!/usr/bin/env python3',
    `# datatrove pipeline written by Corpus Curator${o.generator ? ` (${o.generator})` : ''}: \`curator export-pipeline --preset ${o.preset}\`.`,
    `# Preset ${o.preset}: ${preset.description}.`,
    '# The filters are datatrove\'s own classes with the thresholds the editor applies (datatrove\'s defaults unless',
    '# the preset says otherwise), so the documents the editor marks are the ones this run drops.',
    `# Near-duplicates: MinHash over ${DEFAULT_DEDUP.wordShingle}-word shingles, ${lsh.buckets} buckets × ${lsh.perBucket} hashes: a pair at the editor's`,
    `# Jaccard threshold ${DEFAULT_DEDUP.threshold} becomes a candidate half the time (${lsh.half.toFixed(2)}). datatrove joins matches transitively and`,
    `# has no containment rule: excerpts the editor clusters (≥ ${DEFAULT_DEDUP.containment} of a document inside another) stay in.`,
    '#',
    '# Run:   pip install "datatrove[processing]"   (Slurm: datatrove[processing], Ray: datatrove[ray])',
    `#        python ${'this_script.py'} [--executor local|slurm|ray] [--tasks N] [--workers N]`,
    '# Output: OUT/output/ (kept documents, JSONL.gz), OUT/removed/<filter>/ and OUT/removed/minhash/ (dropped ones),',
    '#         OUT/logs/<stage>/stats.json (per-rule counts).',
    'import argparse',
    '',
    'from datatrove.pipeline.dedup import MinhashDedupSignature',
    'from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter',
    `from datatrove.pipeline.filters import ${classes.join(', ')}`,
    `from datatrove.pipeline.readers import ${reader}`,
    'from datatrove.pipeline.writers.jsonl import JsonlWriter',
    'from datatrove.utils.hashing import HashConfig',
    'from datatrove.utils.typeshelper import Languages',
    '',
    `INPUT = ${py(o.input)}`,
    `OUT = ${py(o.output)}`,
    `LANGUAGE = Languages.${language}`,
    '',
    'parser = argparse.ArgumentParser(description="Corpus Curator preset ' + o.preset + ' with MinHash dedup, on datatrove")',
    `parser.add_argument("--executor", choices=["local", "slurm", "ray"], default=${py(executor)})`,
    `parser.add_argument("--tasks", type=int, default=${tasks}, help="parallel tasks of the reading stages")`,
    'parser.add_argument("--workers", type=int, default=-1, help="tasks at once (local/ray; -1: all)")',
    'parser.add_argument("--partition", default="cpu", help="Slurm partition")',
    'parser.add_argument("--time", default="10:00:00", help="Slurm time limit per task")',
    'args = parser.parse_args()',
    '',
    'minhash_config = MinhashConfig(',
    '    hash_config=HashConfig(precision=64),',
    `    n_grams=${DEFAULT_DEDUP.wordShingle},`,
    `    num_buckets=${lsh.buckets},`,
    `    hashes_per_bucket=${lsh.perBucket},`,
    '    seed=1,',
    ')',
    '',
    '',
    'def reader():',
    `    return ${reader}(INPUT, glob_pattern=${py(glob)}, text_key=${py(textKey)})`,
    '',
    '',
    'def executor(name, pipeline, tasks, depends=None):',
    '    common = dict(pipeline=pipeline, tasks=tasks, logging_dir=f"{OUT}/logs/{name}", depends=depends)',
    '    if args.executor == "slurm":',
    '        from datatrove.executor.slurm import SlurmPipelineExecutor',
    '',
    '        return SlurmPipelineExecutor(job_name=f"curator-{name}", time=args.time, partition=args.partition,',
    '                                     slurm_logs_folder=f"{OUT}/logs/{name}/slurm", **common)',
    '    if args.executor == "ray":',
    '        from datatrove.executor.ray import RayPipelineExecutor',
    '',
    '        return RayPipelineExecutor(workers=args.workers, **common)',
    '    from datatrove.executor.local import LocalPipelineExecutor',
    '',
    '    return LocalPipelineExecutor(workers=args.workers, **common)',
    '',
    '',
    'filtering = executor("filter", [',
    '    reader(),',
    filters,
    '    JsonlWriter(f"{OUT}/filtered"),',
    '], args.tasks)',
    '',
    'signatures = executor("minhash", [',
    '    JsonlReader(f"{OUT}/filtered"),',
    '    MinhashDedupSignature(output_folder=f"{OUT}/minhash/signatures", config=minhash_config, language=LANGUAGE),',
    '], args.tasks, depends=filtering)',
    '',
    'buckets = executor("buckets", [',
    '    MinhashDedupBuckets(input_folder=f"{OUT}/minhash/signatures", output_folder=f"{OUT}/minhash/buckets", config=minhash_config),',
    '], minhash_config.num_buckets, depends=signatures)',
    '',
    'clusters = executor("clusters", [',
    '    MinhashDedupCluster(input_folder=f"{OUT}/minhash/buckets", output_folder=f"{OUT}/minhash/remove_ids", config=minhash_config),',
    '], 1, depends=buckets)',
    '',
    '# Same reader and task count as the signature stage: the ids to remove are per task.',
    'dedup = executor("dedup", [',
    '    JsonlReader(f"{OUT}/filtered"),',
    '    MinhashDedupFilter(input_folder=f"{OUT}/minhash/remove_ids", exclusion_writer=JsonlWriter(f"{OUT}/removed/minhash")),',
    '    JsonlWriter(f"{OUT}/output"),',
    '], args.tasks, depends=clusters)',
    '',
    'if __name__ == "__main__":',
    '    dedup.run()',
    '',
  );
  return L.join('\n');
}

/** jsonl or parquet by the data files under `input` (a file or a folder; .curator and dot-folders skipped). */
export function detectInputFormat(input: string): 'jsonl' | 'parquet' | undefined {
  const counts = { jsonl: 0, parquet: 0 };
  const look = (name: string) => {
    if (/\.parquet$/i.test(name)) counts.parquet++;
    else if (/\.jsonl(\.gz|\.zst|\.zstd)?$/i.test(name)) counts.jsonl++;
  };
  const st = statSync(input);
  if (st.isFile()) look(input);
  else {
    const stack = [input];
    let seen = 0;
    while (stack.length && seen < 10000) {
      const d = stack.pop()!;
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        seen++;
        if (e.isDirectory()) stack.push(join(d, e.name));
        else look(e.name);
      }
    }
  }
  if (counts.jsonl === 0 && counts.parquet === 0) return undefined;
  return counts.parquet > counts.jsonl ? 'parquet' : 'jsonl';
}
