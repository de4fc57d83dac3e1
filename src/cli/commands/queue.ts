import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { filterQueue, loadQueue, queueProgress, sortQueue, type QueueFilter } from '../../core/batch/queue';
import { DECISION_REASONS, isDecisionReason } from '../../core/provenance/types';
import { checkFlags, parseArgs, stringFlag, UsageError } from '../args';
import type { CliCommand } from './types';

const STATES = ['pending', 'accepted', 'rejected', 'any'] as const;

const usage = `curator queue <dir> [--json] [--state pending|accepted|rejected|any] [--reason <reason>|none]

Lists the review queue of the workspace <dir> as the Review Queue view has it: every batch rewrite journalled
done under <dir>/.curator/batches/, with its fact score, verdict and reasons, and its current decision from
<dir>/.curator/provenance.jsonl (with the decision's reason and comment). Decide with \`curator decide\`.
Prints "x of N reviewed" with the counts, then one line per item (lowest fact score first): decision, score,
verdict, rewrite path, reason; with --json, one object: {root, total, reviewed, accepted, rejected, pending,
items: [{rewriteId, batchId, jobId, source, output, style, audience, score, verdict, reasons, state, reason,
comment, decidedAt}]} (the counts are of the whole queue; items are those the filters let through).
Exit code 0; 1 when <dir> cannot be read; 2 on a usage error.

Options:
  --json                 print one JSON object
  --state <state>        only items in this state (default: every state)
  --reason <reason>      only items decided with this reason (${DECISION_REASONS.join(', ')}), or none`;

export const queueCommand: CliCommand = {
  name: 'queue',
  summary: 'list the review queue: batch rewrites, their verdicts and their decisions (x of N reviewed)',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json']));
    checkFlags(args, ['json', 'state', 'reason']);
    if (args.positionals.length !== 1) throw new UsageError('needs the workspace <dir>');
    const root = resolve(io.cwd, args.positionals[0]!);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`${root} is not a folder`);
    const state = stringFlag(args, 'state');
    if (state !== undefined && !(STATES as readonly string[]).includes(state)) throw new UsageError(`--state is one of ${STATES.join(', ')}; got "${state}"`);
    const reason = stringFlag(args, 'reason');
    if (reason !== undefined && reason !== 'none' && !isDecisionReason(reason)) throw new UsageError(`--reason is one of ${DECISION_REASONS.join(', ')} or none; got "${reason}"`);
    const all = loadQueue(root);
    const filter: QueueFilter = { ...(state ? { state: state as QueueFilter['state'] } : {}), ...(reason ? { reason: reason as QueueFilter['reason'] } : {}) };
    const items = sortQueue(filterQueue(all, filter), 'score', 'asc');
    const p = queueProgress(all);
    if (args.flags.has('json')) {
      io.out(
        JSON.stringify({
          root,
          ...p,
          items: items.map((i) => ({
            rewriteId: i.rewriteId,
            batchId: i.batchId,
            jobId: i.jobId,
            source: i.source,
            output: i.output,
            style: i.style,
            audience: i.audience,
            score: i.score ?? null,
            verdict: i.verdict ?? null,
            reasons: i.facts?.reasons ?? [],
            state: i.state,
            reason: i.reason ?? null,
            comment: i.comment ?? null,
            decidedAt: i.decidedAt ?? null,
          })),
        }),
      );
      return 0;
    }
    io.out(`${p.reviewed} of ${p.total} reviewed (${p.accepted} accepted, ${p.rejected} rejected, ${p.pending} pending)`);
    for (const i of items) {
      const score = i.score !== undefined ? i.score.toFixed(2) : '  — ';
      const verdict = i.verdict ?? 'not scored';
      const why = i.reason ? `  [${i.reason}${i.comment ? `: ${i.comment}` : ''}]` : i.comment ? `  [${i.comment}]` : i.state === 'pending' && i.facts?.reasons?.length ? `  (${i.facts.reasons[0]})` : '';
      io.out(`${i.state.padEnd(8)}  ${score}  ${verdict.padEnd(12)}  ${i.output}${why}`);
    }
    return 0;
  },
};
