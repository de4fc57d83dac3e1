import type { CliCommand } from './types';

// Every sub-command is registered here, in the order `curator --help` lists them.
export const commands: CliCommand[] = [
  // @register-commands (keep this marker: each part adds its commands below it)
];
