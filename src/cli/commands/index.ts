import type { CliCommand } from './types';
import { indexCommand } from './index-cmd';
import { statsCommand } from './stats';
import { dedupCommand } from './dedup';
import { filterCommand } from './filter';
import { searchCommand } from './search';
import { exportCommand } from './export';
import { exportPipelineCommand } from './export-pipeline';
import { extractCommand } from './extract';
import { rewriteCommand } from './rewrite';
import { batchCommand } from './batch';
import { reviewCommand } from './review';
import { checkCommand } from './check';
import { factsCommand } from './facts';
import { decideCommand } from './decide';
import { queueCommand } from './queue';
import { exportDecisionsCommand } from './export-decisions';

// Every sub-command is registered here, in the order `curator --help` lists them.
export const commands: CliCommand[] = [
  // @register-commands (keep this marker: each part adds its commands below it)
  rewriteCommand,
  batchCommand,
  reviewCommand,
  queueCommand,
  decideCommand,
  exportDecisionsCommand,
  checkCommand,
  factsCommand,
  indexCommand,
  statsCommand,
  dedupCommand,
  filterCommand,
  searchCommand,
  exportCommand,
  exportPipelineCommand,
  extractCommand,
];
