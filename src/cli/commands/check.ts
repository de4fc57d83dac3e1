import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { judgePair } from '../../core/review/judge';
import type { ReviewKind } from '../../core/review/verdict';
import { boolFlag, checkFlags, parseArgs, stringFlag, UsageError } from '../args';
import { eachJsonLine } from '../jsonl';
import type { CliCommand } from './types';

const usage = `curator check <pairs.jsonl> [--kind rewrite|summary] [--details]

Checks derived texts against their sources without any model, with the same verdict as the review panel
and \`curator review\`. Each input line is
  {"id": …, "source": "…", "derived": "…", "style": "textbook"}     ("style" optional)
and each output line is
  {"id": …, "consistent": true|false, "score": 0..1, "reasons": ["…", …]}
"reasons" says in plain words why a pair is not consistent (empty when it is).

--kind rewrite (default): the derived text is a rewrite of the whole source. It must carry the source:
  for styles that keep everything (textbook, wikipedia, tutorial, qa, and unknown styles) at least 85% of
  the source's sentences, characters and facts; condensing styles (distill, knowledge-list) may leave
  detail out. Any altered number, date or name, flipped negation or direction, fact or sentence not in the
  source, or leaked prompt scaffolding makes it not consistent, whatever the score.
  score = the lesser of coverage and facts kept (condensing styles: the share of the rewrite's facts the
  source supports).
--kind summary: the derived text is a summary: leaving content out is fine; its own facts and claims must
  be supported by the source (unsupported numbers, dates or names, flipped negations or directions, words
  foreign to the source). score = exp(-penalty), consistent at 0.5 or more.
A line that cannot be read is reported on stderr (file and line number) and skipped (exit code 1).

Options:
  --kind <k>     rewrite (default) or summary
  --details      add "metrics" (facts kept, coverage) and each reason's offsets ("where")`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'check derived texts against their sources, one JSON line per pair (consistent, score, reasons)',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['details']));
    checkFlags(args, ['kind', 'details']);
    if (args.positionals.length !== 1) throw new UsageError('needs one <pairs.jsonl> file');
    const kind = (stringFlag(args, 'kind') ?? 'rewrite') as ReviewKind;
    if (kind !== 'rewrite' && kind !== 'summary') throw new UsageError(`--kind must be rewrite or summary (got "${kind}")`);
    const details = boolFlag(args, 'details');
    const file = args.positionals[0]!;
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new Error(`no such file: ${file}`);
    const bad = await eachJsonLine(path, file, io, (rec) => {
      if (typeof rec.source !== 'string' || typeof rec.derived !== 'string') return 'needs string fields "source" and "derived"';
      if (rec.style !== undefined && typeof rec.style !== 'string') return '"style" must be a string (a style id such as textbook or distill)';
      const v = judgePair(rec.source, rec.derived, { kind, style: rec.style });
      const out: Record<string, unknown> = { id: rec.id ?? null, consistent: v.consistent, score: v.score, reasons: v.reasons.map((r) => r.text) };
      if (details) {
        out.metrics = v.metrics;
        out.where = v.reasons.map((r) => ({ code: r.code, source: r.source, derived: r.rewrite }));
      }
      io.out(JSON.stringify(out));
      return undefined;
    });
    return bad > 0 ? 1 : 0;
  },
};
