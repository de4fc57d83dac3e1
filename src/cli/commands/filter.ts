// curator filter <dir> --preset fineweb|gopher|c4|all: which documents a standard filter preset drops, and why.
import type { CliCommand } from './types';
import { boolFlag, checkFlags, parseArgs, stringFlag, UsageError } from '../args';
import { corpusDir, INDEX_FLAGS, INDEX_OPTIONS_USAGE, openCorpusIndex } from './index-cmd';
import { docRef } from '../../core/corpus/index/corpus-index';
import { isPresetName, PRESET_NAMES, PRESETS } from '../../core/corpus/filters/presets';
import { presetHits, rulesNotAppliedToChinese } from '../../core/corpus/filters/evaluate';

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, '');
}

export const filterCommand: CliCommand = {
  name: 'filter',
  summary: "keep/drop per document under datatrove's standard filters (FineWeb, Gopher, C4), with reasons",
  usage: [
    'Usage: curator filter <dir> --preset fineweb|gopher|c4|all [--json]',
    '',
    "Applies datatrove's quality filters with their default thresholds and definitions (NLTK word",
    'tokenisation, case-sensitive n-grams, lengths in characters) to every document of the corpus and',
    'prints whether it is kept and every rule that drops it.',
    '  fineweb  FineWeb\'s pipeline: gopher_repetition, gopher_quality, c4 without its terminal-punctuation',
    '           line rule, then fineweb on the text c4 kept',
    '  gopher   gopher_repetition and gopher_quality',
    '  c4       c4 (line rules, at least 5 sentences, no "lorem ipsum", no "{")',
    '  all      all four filters with their defaults, each on the original text',
    'Chinese documents are measured per character where datatrove counts words; mean word length and the',
    'English stop-word rule do not apply to them.',
    '',
    'Output: one line per document, "keep <ref>" or "drop <ref>  <filter>/<rule> (<value> vs <threshold>), …",',
    'then a summary of kept and dropped documents and of the documents each rule drops.',
    'JSON (--json): one JSON object per line and document, sorted by ref:',
    '  {"ref": "a.jsonl:3", "id": "<the record\'s own id, or null>", "kept": false,',
    '   "reasons": [{"filter": "gopher_quality", "rule": "gopher_short_doc", "value": 12, "threshold": 50}]}',
    'A ref is the path relative to <dir> with forward slashes, "path:line" for a record of a JSONL file.',
    'Filter ids: gopher_quality, gopher_repetition, c4, fineweb; rules are datatrove\'s reason strings, in',
    'pipeline order (the first is the reason datatrove gives).',
    'Exit codes: 0 done (whatever was dropped), 1 error, 2 usage.',
    '',
    INDEX_OPTIONS_USAGE,
  ].join('\n'),
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json', 'rebuild', 'quiet']));
    checkFlags(args, [...INDEX_FLAGS, 'json', 'preset']);
    const dir = corpusDir(args, io, 'filter');
    const preset = stringFlag(args, 'preset');
    if (preset === undefined) throw new UsageError(`curator filter: --preset is required (${PRESET_NAMES.join(', ')})`);
    if (!isPresetName(preset)) throw new UsageError(`curator filter: unknown preset "${preset}" (${PRESET_NAMES.join(', ')})`);
    const idx = await openCorpusIndex(dir, args, io, { filterRules: true });
    const docs = idx.documents().map((d) => ({ d, ref: docRef(d) }));
    docs.sort((a, b) => (a.d.path < b.d.path ? -1 : a.d.path > b.d.path ? 1 : (a.d.line ?? 0) - (b.d.line ?? 0)));
    const json = boolFlag(args, 'json');
    const lines: string[] = [];
    const byRule = new Map<string, number>();
    let dropped = 0;
    for (const { d, ref } of docs) {
      const reasons = presetHits(d.filters, preset).map((h) => ({ filter: h.filter, rule: h.rule, value: h.value, threshold: h.threshold }));
      const kept = reasons.length === 0;
      if (!kept) dropped++;
      for (const r of reasons) byRule.set(`${r.filter}/${r.rule}`, (byRule.get(`${r.filter}/${r.rule}`) ?? 0) + 1);
      if (json) lines.push(JSON.stringify({ ref, id: d.externalId ?? null, kept, reasons }));
      else
        lines.push(
          kept ? `keep ${ref}` : `drop ${ref}  ${reasons.map((r) => `${r.filter}/${r.rule} (${fmt(r.value)} vs ${fmt(r.threshold)})`).join(', ')}`,
        );
    }
    if (!json) {
      lines.push('');
      lines.push(`Preset ${preset}: ${PRESETS[preset].description}.`);
      lines.push(`${docs.length - dropped} kept, ${dropped} dropped of ${docs.length} documents.`);
      for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) lines.push(`  ${rule.padEnd(48)} ${String(n).padStart(7)}`);
      const zh = docs.filter(({ d }) => d.lang === 'zh').length;
      const skipped = rulesNotAppliedToChinese(preset);
      if (zh && skipped.length) lines.push(`Not applied to the ${zh} Chinese documents: ${skipped.map((r) => `${r.filter}/${r.rule}`).join(', ')}.`);
    }
    if (lines.length) io.out(lines.join('\n'));
    return 0;
  },
};
