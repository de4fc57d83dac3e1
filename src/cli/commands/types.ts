/** One CLI sub-command. `run` returns the exit code; a thrown error becomes a one-line reason, exit 1. */
export interface CliCommand {
  name: string;
  /** One line for `curator --help`. */
  summary: string;
  /** Full usage for `curator <name> --help`. */
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}
