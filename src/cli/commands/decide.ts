import { ensureCuratorDir } from '../../core/provenance/log';
import { DecisionService } from '../../core/provenance/decisions';
import { DECISION_REASONS, isDecisionReason } from '../../core/provenance/types';
import { findRewriteToDecide } from '../../core/batch/decide';
import { findWorkspaceRoot } from '../../core/workspace/root';
import { resolve } from 'node:path';
import { checkFlags, parseArgs, stringFlag, UsageError } from '../args';
import type { CliCommand } from './types';

const usage = `curator decide <rewrite> accept|reject [--reason <reason>] [--comment <text>] [--root <dir>] [--json]

Records a review decision on a rewrite, as the review panel and the Review Queue do: one "decision" line in
<root>/.curator/provenance.jsonl naming the rewrite (its id, paths and hashes), the fact summary of the two
texts as reviewed (the batch's own while the rewrite is unchanged), and the reason and comment if given.
accept leaves the rewrite where it is; reject moves it to <root>/.curator/rejected/<same path> (never deletes
it). "Undo Last Decision" in VS Code undoes a decision taken here.

<rewrite> is the rewrite's file, or its rewrite id (as \`curator queue --json\` prints it).
Prints one line: the decision, the file, where a rejected file went, and the reason; with --json, the
decision record as written.
Exit code 0 when the decision is recorded; 1 when the rewrite is not in the provenance log or a batch
journal, its source cannot be read, or it was rejected and moved already; 2 on a usage error.

Options:
  --reason <reason>   why: ${DECISION_REASONS.join(', ')}
  --comment <text>    the reviewer's own words
  --root <dir>        workspace root (default: nearest folder with .curator/, else the current folder)
  --json              print the decision record`;

export const decideCommand: CliCommand = {
  name: 'decide',
  summary: 'accept or reject a rewrite (with a reason and a comment), as the review panel does',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json']));
    checkFlags(args, ['reason', 'comment', 'root', 'json']);
    if (args.positionals.length !== 2) throw new UsageError('needs <rewrite> and accept|reject');
    const [ref, verb] = args.positionals as [string, string];
    if (verb !== 'accept' && verb !== 'reject') throw new UsageError(`the decision is accept or reject, not "${verb}"`);
    const reason = stringFlag(args, 'reason');
    if (reason !== undefined && !isDecisionReason(reason)) throw new UsageError(`--reason is one of ${DECISION_REASONS.join(', ')}; got "${reason}"`);
    const comment = stringFlag(args, 'comment');
    const root = stringFlag(args, 'root') ? resolve(io.cwd, stringFlag(args, 'root')!) : findWorkspaceRoot(ref, io.cwd);
    const found = findRewriteToDecide(root, ref, io.cwd);
    ensureCuratorDir(root);
    const [rec] = await new DecisionService().decide(root, [found.target], verb === 'accept' ? 'accepted' : 'rejected', { reason, comment });
    if (args.flags.has('json')) io.out(JSON.stringify(rec));
    else {
      const why = rec!.reason ? ` (${rec!.reason}${rec!.comment ? `: ${rec!.comment}` : ''})` : rec!.comment ? ` (${rec!.comment})` : '';
      io.out(`${rec!.decision} ${rec!.output.path}${rec!.movedTo ? ` → ${rec!.movedTo}` : ''}${why}`);
      if (verb === 'reject' && !reason && found.suggested) io.err(`note: no --reason given; the verdict suggests "${found.suggested}"`);
    }
    return 0;
  },
};
