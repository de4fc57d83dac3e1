// curator extract <file.html…>: the main text of HTML pages (what the corpus reader indexes).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { boolFlag, checkFlags, parseArgs, UsageError } from '../args';
import { extractMainText } from '../../core/corpus/html/extract';
import { decodeBytes, looksBinary } from '../../core/corpus/readers';
import type { CliCommand, CliIO } from './types';
import { errorMessage } from '../../core/util/errors';

const USAGE = `Usage: curator extract <file.html…> [--json] [--title]

Prints the main text of each HTML page (article body without navigation, ads, scripts, cookie banners),
paragraphs separated by blank lines. Files ending in .gz are gunzipped first.

Options:
  --json    print one JSON object mapping each input path to its text
  --title   print the page title above the text (plain output only)

A page in which no main text is found (only navigation, an empty body, a script-only shell) gives an
empty text (an empty line; "" in --json) and a warning on stderr naming it; this is not a failure.
A file that cannot be read is reported on stderr in one line naming it; the other files are still
processed, and the exit code is 1 if any file failed.`;

/** A page read and parsed, but without main text: a warning, not a failure. */
class NoMainText extends Error {}

async function extractFile(path: string): Promise<{ title: string; text: string }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : errorMessage(e));
  }
  if (path.toLowerCase().endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new Error('not valid gzip data');
    }
  }
  if (looksBinary(bytes)) throw new Error('binary file, not HTML');
  const dec = decodeBytes(bytes);
  if (!dec.ok) throw new Error(dec.message);
  let r: { title: string; text: string };
  try {
    r = extractMainText(dec.text);
  } catch (e) {
    throw new NoMainText(`no main text found (${errorMessage(e)})`);
  }
  if (!r.text.trim()) throw new NoMainText('no main text found');
  return { title: r.title, text: r.text };
}

export const extractCommand: CliCommand = {
  name: 'extract',
  summary: 'print the main text of HTML pages (article body, no boilerplate)',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, new Set(['json', 'title']));
    checkFlags(args, ['json', 'title']);
    if (args.positionals.length === 0) throw new UsageError('give at least one HTML file (curator extract --help)');
    const json = boolFlag(args, 'json');
    const withTitle = boolFlag(args, 'title');
    const result: Record<string, string> = {};
    let failed = 0;
    for (const p of args.positionals) {
      try {
        const r = await extractFile(resolve(io.cwd, p));
        if (json) result[p] = r.text;
        else io.out(withTitle && r.title ? `${r.title}\n\n${r.text}\n` : `${r.text}\n`);
      } catch (e) {
        if (e instanceof NoMainText) {
          // The page maps to an empty text; the others go on and the exit code is unaffected.
          io.err(`curator extract: warning: ${p}: ${e.message}, empty text`);
          if (json) result[p] = '';
          else io.out('\n');
          continue;
        }
        failed++;
        io.err(`curator extract: ${p}: ${errorMessage(e)}`);
      }
    }
    if (json) io.out(JSON.stringify(result, null, 2));
    return failed > 0 ? 1 : 0;
  },
};
