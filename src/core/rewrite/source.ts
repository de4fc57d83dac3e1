// Reads a file to rewrite: plain text and Markdown as they are, HTML reduced to its main text.
// JSONL files hold many documents: those go through a batch, not a single rewrite.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { extractMainText } from '../corpus/html/extract';
import { RewriteError } from './rewrite';

export const MAX_REWRITE_BYTES = 20 * 1024 * 1024;

export interface SourceText {
  /** The file's whole text (hashed for provenance). */
  fileText: string;
  /** The text to rewrite (for HTML: its main text). */
  text: string;
  encoding: 'utf-8' | 'gb18030';
}

/** Decodes bytes as UTF-8, or as GB18030 when they are not valid UTF-8; binary content is refused. */
export function decodeText(bytes: Uint8Array, path: string): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) throw new RewriteError('unsupported', `${path} looks like a binary file (it contains NUL bytes)`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    try {
      return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
    } catch {
      throw new RewriteError('unsupported', `${path} is not valid UTF-8 (nor GB18030) text`);
    }
  }
}

export function readSourceFile(path: string): SourceText {
  const ext = extname(path).toLowerCase();
  if (ext === '.jsonl' || path.toLowerCase().endsWith('.jsonl.gz')) {
    throw new RewriteError('unsupported', `${path} holds one document per line: select a document's text and use "Rewrite Selection", or run a batch`);
  }
  const size = statSync(path).size;
  if (size > MAX_REWRITE_BYTES) throw new RewriteError('unsupported', `${path} is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_REWRITE_BYTES / 1048576} MB limit for one rewrite: split it or run a batch`);
  const { text, encoding } = decodeText(readFileSync(path), path);
  if (ext === '.html' || ext === '.htm') {
    const main = extractMainText(text);
    return { fileText: text, text: main.title && !main.text.startsWith(main.title) ? `${main.title}\n\n${main.text}` : main.text, encoding };
  }
  return { fileText: text, text, encoding };
}
