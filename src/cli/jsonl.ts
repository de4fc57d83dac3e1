import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CliIO } from './commands/types';
import { errorMessage } from '../core/util/errors';

/**
 * Reads a JSONL file line by line: each object goes to `onRecord`, which returns an error message for a
 * record it cannot use. A line that is not JSON, or that `onRecord` refuses, is reported on stderr with the
 * file name and line number and skipped. Returns the number of lines skipped.
 */
export async function eachJsonLine(path: string, file: string, io: CliIO, onRecord: (rec: Record<string, unknown>) => string | undefined): Promise<number> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (e) {
      bad++;
      io.err(`${file}:${lineNo}: not valid JSON (${errorMessage(e).split('\n')[0]})`);
      continue;
    }
    const problem = rec && typeof rec === 'object' && !Array.isArray(rec) ? onRecord(rec as Record<string, unknown>) : 'not a JSON object';
    if (problem) {
      bad++;
      io.err(`${file}:${lineNo}: ${problem}`);
    }
  }
  return bad;
}
