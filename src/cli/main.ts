// The curator CLI: the same core as the extension, for scripts, CI and evaluations.
import { commands } from './commands/index';
import type { CliIO } from './commands/types';
import { UsageError } from './args';
import { errorMessage } from '../core/util/errors';

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out('0.1.0');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`curator: unknown command "${name}" (curator --help lists them)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    const msg = errorMessage(e);
    io.err(`curator ${name}: ${msg.split('\n')[0]}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    'curator — Corpus Curator on the command line',
    '',
    'Usage: curator <command> [options]   (curator <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Environment: OPENAI_API_KEY (API key), OPENAI_BASE_URL (endpoint), CURATOR_MODEL (model).',
  ].join('\n');
}

if (require.main === module) {
  const io: CliIO = {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
    env: process.env,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`curator: ${errorMessage(e)}\n`);
      process.exitCode = 1;
    },
  );
}
