import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractFacts, type RawFact } from '../../core/review/facts';
import { boolFlag, checkFlags, parseArgs, UsageError } from '../args';
import { eachJsonLine } from '../jsonl';
import type { CliCommand } from './types';

const usage = `curator facts <file> [--json]
curator facts <file.jsonl> --jsonl

Lists the checkable facts of a text, as the review compares them: numbers with their units and measure
words, dates, names (type person, place, organisation, title or other; Chinese names from jieba's
part-of-speech tags), URLs, e-mail addresses, code identifiers, negations (words of their own) and
direction words whose swap changes a claim. Each fact is
  {"kind": "number"|"date"|"entity"|"url"|"email"|"code"|"negation"|"polarity", "type": "person"|… (names only),
   "text": "as written", "normalized": "comparable form", "start": n, "end": n}
with [start, end) offsets in the text (UTF-16 code units, as JavaScript counts).

  <file>           a text file: one fact a line, readable; with --json one JSON array
  --jsonl          the file holds {"id": …, "text": "…"} lines; writes {"id": …, "facts": [...]} lines.
                   A line that cannot be read is reported on stderr (file and line) and skipped (exit 1).`;

function factJson(f: RawFact): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: f.kind };
  if (f.type) out.type = f.type;
  out.text = f.text;
  out.normalized = f.normalized;
  out.start = f.start;
  out.end = f.end;
  return out;
}

export const factsCommand: CliCommand = {
  name: 'facts',
  summary: 'list the facts of a text (numbers, dates, typed names, negations …) with offsets',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json', 'jsonl']));
    checkFlags(args, ['json', 'jsonl']);
    if (args.positionals.length !== 1) throw new UsageError('needs one <file>');
    const file = args.positionals[0]!;
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new Error(`no such file: ${file}`);
    if (!boolFlag(args, 'jsonl')) {
      const facts = extractFacts(readFileSync(path, 'utf8'));
      if (boolFlag(args, 'json')) io.out(JSON.stringify(facts.map(factJson)));
      else for (const f of facts) io.out(`${String(f.start).padStart(7)}  ${(f.kind + (f.type ? `/${f.type}` : '')).padEnd(20)} ${f.text.replace(/\s+/g, ' ')}  →  ${f.normalized}`);
      return 0;
    }
    const bad = await eachJsonLine(path, file, io, (rec) => {
      if (typeof rec.text !== 'string') return 'needs a string field "text"';
      io.out(JSON.stringify({ id: rec.id ?? null, facts: extractFacts(rec.text).map(factJson) }));
      return undefined;
    });
    return bad > 0 ? 1 : 0;
  },
};
