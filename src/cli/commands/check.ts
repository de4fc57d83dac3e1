import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { checkConsistency, CHECK_THRESHOLD } from '../../core/review/consistency';
import { boolFlag, checkFlags, numberFlag, parseArgs, UsageError } from '../args';
import type { CliCommand } from './types';
import { errorMessage } from '../../core/util/errors';

const usage = `curator check <pairs.jsonl> [--threshold <0..1>] [--issues]

Checks derived texts (summaries, rewrites) against their sources without any model. Each input line is
{"id": …, "source": "…", "derived": "…"}; each output line is
{"id": …, "consistent": true|false, "score": 0..1} — consistent when the derived text's facts and claims
are supported by the source (no unsupported numbers, dates or names, no negation or direction flipped,
few content words foreign to the source). Leaving source content out is not an inconsistency.
A line that cannot be read is reported on stderr (file and line number) and skipped.

Options:
  --threshold <t>   score needed for "consistent" (default ${CHECK_THRESHOLD})
  --issues          add the signals and the issues found (with offsets in "derived") to each line`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check derived texts against their sources, one JSON line per pair (consistent, score)',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['issues']));
    checkFlags(args, ['threshold', 'issues']);
    if (args.positionals.length !== 1) throw new UsageError('needs one <pairs.jsonl> file');
    const threshold = numberFlag(args, 'threshold');
    const withIssues = boolFlag(args, 'issues');
    const file = args.positionals[0]!;
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new Error(`no such file: ${file}`);
    const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    let lineNo = 0;
    let bad = 0;
    for await (const line of rl) {
      lineNo++;
      if (!line.trim()) continue;
      let rec: { id?: unknown; source?: unknown; derived?: unknown };
      try {
        rec = JSON.parse(line) as typeof rec;
      } catch (e) {
        bad++;
        io.err(`${file}:${lineNo}: not valid JSON (${errorMessage(e).split('\n')[0]})`);
        continue;
      }
      if (!rec || typeof rec !== 'object' || typeof rec.source !== 'string' || typeof rec.derived !== 'string') {
        bad++;
        io.err(`${file}:${lineNo}: needs string fields "source" and "derived"`);
        continue;
      }
      const r = checkConsistency(rec.source, rec.derived, { threshold });
      const out: Record<string, unknown> = { id: rec.id ?? null, consistent: r.consistent, score: r.score };
      if (withIssues) {
        out.features = r.features;
        out.issues = r.issues;
      }
      io.out(JSON.stringify(out));
    }
    return bad > 0 ? 1 : 0;
  },
};
