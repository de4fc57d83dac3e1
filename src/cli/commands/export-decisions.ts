import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CURATOR_DIR } from '../../core/provenance/types';
import { exportDecisionTraining, PAIRS_FILE, SFT_FILE } from '../../core/rewrite/training';
import { checkFlags, parseArgs, stringFlag, UsageError } from '../args';
import type { CliCommand } from './types';

const usage = `curator export-decisions <dir> [--out <folder>] [--json]

Writes the review decisions of the workspace <dir> (its .curator/provenance.jsonl) as training data:
  ${PAIRS_FILE}  preference pairs, one {"prompt", "chosen", "rejected", "metadata"} a line wherever a source
                         has an accepted and a rejected rewrite of the same prompt (every accepted × rejected),
                         in the conversational format TRL's DPOTrainer reads: prompt = [system, user]
                         messages (the rewrite instruction with the source, rebuilt by the rewrite's own prompt
                         builder from the template, style and audience in provenance), chosen / rejected =
                         [assistant] messages
  ${SFT_FILE}             accepted rewrites as chat records, {"messages": [system, user, assistant], "metadata"}
The metadata holds the source, style, audience, language, template, and for each rewrite its id, model,
decision, reason, comment, fact score and verdict. Decisions whose rewrite line, source or file is gone,
or whose source changed since the rewrite, are skipped and listed.
Prints the two paths and the counts; with --json, one object {pairsFile, sftFile, pairs, sft, accepted,
rejected, pairedPrompts, skipped: [{rewrite, reason}]}.
Exit code 0 (also when there is nothing to export: the files are then empty); 1 when <dir> cannot be read;
2 on a usage error.

Options:
  --out <folder>   where to write the two files (default <dir>/.curator/training/)
  --json           print one JSON object`;

export const exportDecisionsCommand: CliCommand = {
  name: 'export-decisions',
  summary: 'write review decisions as preference pairs (DPO) and accepted rewrites as SFT chat records',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv, new Set(['json']));
    checkFlags(args, ['out', 'json']);
    if (args.positionals.length !== 1) throw new UsageError('needs the workspace <dir>');
    const root = resolve(io.cwd, args.positionals[0]!);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`${root} is not a folder`);
    const out = stringFlag(args, 'out') ? resolve(io.cwd, stringFlag(args, 'out')!) : join(root, CURATOR_DIR, 'training');
    const r = exportDecisionTraining(root, out);
    if (args.flags.has('json')) {
      io.out(JSON.stringify(r));
      return 0;
    }
    io.out(`${r.pairs} preference pairs (${r.pairedPrompts} prompts with an accepted and a rejected rewrite) → ${r.pairsFile}`);
    io.out(`${r.sft} accepted rewrites as SFT records → ${r.sftFile}`);
    io.out(`from ${r.accepted} accepted and ${r.rejected} rejected rewrites`);
    for (const s of r.skipped) io.err(`skipped ${s.rewrite}: ${s.reason}`);
    return 0;
  },
};
