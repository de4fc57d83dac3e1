// Readers: turn a file into documents. .txt/.md/.html/.htm are read whole (under a size limit);
// .jsonl/.ndjson, gzipped (.jsonl.gz, Dolma's .json.gz) or zstd-compressed (.jsonl.zst, .json.zst,
// .jsonl.zstd) are streamed line by line and never held in memory; .parquet is read row group by row group
// (parquet.ts). Every problem becomes a 'skip' event naming the path (and line, row or byte offset) and the
// reading goes on.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { RawDocument, ReadEvent, ReaderOptions, SkipReason, SourceFormat } from './model';
import { extractMainText } from './html/extract';
import { errorMessage } from '../util/errors';
import { readParquet } from './parquet';
import { chooseTextField, DEFAULT_TEXT_FIELD, noTextFieldMessage } from './records';
import { createZstdDecompressor, hasZstdMagic, ZstdStreamError } from './zstd';

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_JSONL_BYTES = 20 * 1024 ** 3;
export const DEFAULT_MAX_DOC_CHARS = 5_000_000;

export type Compression = 'none' | 'gzip' | 'zstd';
type Kind = { format: SourceFormat; compression: Compression };

/**
 * File kind by name, or undefined when unsupported. `.json.gz` and `.json.zst` are the Dolma / DCLM shard
 * conventions: JSON lines, not one JSON document.
 */
export function fileKind(path: string): Kind | undefined {
  const p = path.toLowerCase();
  if (/\.(jsonl|ndjson|json)\.gz$/.test(p)) return { format: 'jsonl', compression: 'gzip' };
  if (/\.(jsonl|ndjson|json)\.zstd?$/.test(p)) return { format: 'jsonl', compression: 'zstd' };
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return { format: 'jsonl', compression: 'none' };
  if (p.endsWith('.parquet')) return { format: 'parquet', compression: 'none' };
  if (p.endsWith('.txt') || p.endsWith('.text')) return { format: 'txt', compression: 'none' };
  if (p.endsWith('.md') || p.endsWith('.markdown')) return { format: 'md', compression: 'none' };
  if (p.endsWith('.html') || p.endsWith('.htm') || p.endsWith('.xhtml')) return { format: 'html', compression: 'none' };
  return undefined;
}

/** True when `readDocuments` can read this file (by its name). */
export function isSupportedFile(path: string): boolean {
  return fileKind(path) !== undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Bytes → text

/** `encoding` is the WHATWG name of the encoding used ('utf-8', 'utf-16', 'gb18030', or a declared one). */
export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; reason: SkipReason; message: string };

/** The charset an HTML page declares in its first 4 KB (`<meta charset>` or http-equiv Content-Type). */
export function declaredHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
let gbDecoder: InstanceType<typeof TextDecoder> | null | undefined;
function gb18030(): InstanceType<typeof TextDecoder> | null {
  if (gbDecoder === undefined) {
    try {
      gbDecoder = new TextDecoder('gb18030', { fatal: true });
    } catch {
      gbDecoder = null; // Node without full ICU
    }
  }
  return gbDecoder;
}

/**
 * Binary test on the first 8 KB: any NUL byte, or more than 10 % control bytes other than tab, newline,
 * carriage return, form feed and escape.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  if (n === 0) return false;
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) ctrl++;
  }
  return ctrl / n > 0.1;
}

/** Offset of the first byte that breaks UTF-8 (for the message). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

/** True when decoded legacy text reads as Chinese: most non-ASCII characters are Han or CJK punctuation. */
export function looksChinese(text: string): boolean {
  let han = 0;
  let nonAscii = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    nonAscii++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2010 && c <= 0x2027)) han++;
  }
  return nonAscii > 0 && han >= 2 && han / nonAscii >= 0.85;
}

/**
 * Decodes bytes as UTF-8 (BOM stripped), UTF-16 with a BOM, or, when UTF-8 fails and `legacyChinese`,
 * as GB18030 (a superset of GBK/GB2312) if the result decodes cleanly and reads as Chinese.
 */
export function decodeBytes(bytes: Uint8Array, legacyChinese = true, declaredCharset?: string): DecodeResult {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    try {
      const le = bytes[0] === 0xff;
      return { ok: true, text: new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes), encoding: 'utf-16' };
    } catch {
      return { ok: false, reason: 'invalid-utf8', message: 'has a UTF-16 byte-order mark but is not valid UTF-16' };
    }
  }
  try {
    return { ok: true, text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // fall through
  }
  const at = firstInvalidUtf8(bytes);
  if (declaredCharset) {
    // An HTML page that declares its charset (windows-1252, shift_jis, big5, gbk…) is read as declared.
    try {
      const dec = new TextDecoder(declaredCharset, { fatal: true });
      const text = dec.decode(bytes);
      const enc = dec.encoding === 'gbk' || dec.encoding === 'gb18030' ? 'gb18030' : dec.encoding;
      return { ok: true, text, encoding: enc };
    } catch {
      // unknown label or bytes not in that encoding: fall through
    }
  }
  if (legacyChinese) {
    const gb = gb18030();
    if (gb) {
      try {
        const text = gb.decode(bytes);
        if (looksChinese(text)) return { ok: true, text, encoding: 'gb18030' };
      } catch {
        // not GB18030 either
      }
    }
  }
  return {
    ok: false,
    reason: 'invalid-utf8',
    message: `not valid UTF-8 (first bad byte at offset ${at})${legacyChinese ? ' and not readable as GBK/GB18030 Chinese' : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Documents

function skip(path: string, reason: SkipReason, message: string, line?: number): ReadEvent {
  return { kind: 'skip', skip: line === undefined ? { path, reason, message } : { path, line, reason, message } };
}

function errnoMessage(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'file not found (ENOENT)';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return `permission denied (${err.code})`;
  if (err?.code === 'EISDIR') return 'is a directory';
  return errorMessage(e);
}

/** First Markdown heading (ATX `# x` or setext `x\n===`), outside fenced code. */
export function markdownTitle(text: string): string | undefined {
  const lines = text.split('\n', 400);
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s{0,3}(```|~~~)/.test(l)) fence = !fence;
    if (fence) continue;
    const m = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(l);
    if (m) return m[1]!.trim();
    const next = lines[i + 1];
    if (l.trim() && next && /^\s{0,3}(=+|-+)\s*$/.test(next) && !/^\s*[-*+]\s/.test(l)) return l.trim();
  }
  return undefined;
}

/**
 * Reads one file and yields its documents and skipped inputs. Never throws for bad input; stops quietly when
 * `opts.signal` is aborted.
 */
export async function* readDocuments(absPath: string, opts: ReaderOptions = {}): AsyncIterable<ReadEvent> {
  const kind = fileKind(absPath);
  if (!kind) {
    yield skip(absPath, 'unsupported', 'unsupported file type (expected .txt, .md, .html, .jsonl, .jsonl.gz, .jsonl.zst, .parquet)');
    return;
  }
  let size: number;
  try {
    const st = await stat(absPath);
    if (st.isDirectory()) {
      yield skip(absPath, 'unsupported', 'is a directory');
      return;
    }
    size = st.size;
  } catch (e) {
    yield skip(absPath, 'unreadable', errnoMessage(e));
    return;
  }
  if (kind.format === 'jsonl' || kind.format === 'parquet') {
    if (size > MAX_JSONL_BYTES) {
      yield skip(absPath, 'too-large', `file is ${size} bytes, over the ${MAX_JSONL_BYTES}-byte limit for streamed shards`);
      return;
    }
    if (kind.format === 'parquet') yield* readParquet(absPath, size, opts);
    else yield* readJsonl(absPath, kind.compression, opts);
    return;
  }
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (size > maxBytes) {
    yield skip(absPath, 'too-large', `file is ${size} bytes, over the ${maxBytes}-byte limit`);
    return;
  }
  let bytes: Uint8Array;
  try {
    const fh = await open(absPath, 'r');
    try {
      bytes = await fh.readFile();
    } finally {
      await fh.close();
    }
  } catch (e) {
    yield skip(absPath, 'unreadable', errnoMessage(e));
    return;
  }
  if (bytes.length === 0) {
    yield skip(absPath, 'empty', 'file is empty');
    return;
  }
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (!utf16 && looksBinary(bytes)) {
    yield skip(absPath, 'binary', 'binary content (NUL or control bytes in the first 8 KB)');
    return;
  }
  const dec = decodeBytes(bytes, opts.decodeLegacyChinese !== false, kind.format === 'html' ? declaredHtmlCharset(bytes) : undefined);
  if (!dec.ok) {
    yield skip(absPath, dec.reason, dec.message);
    return;
  }
  const raw = dec.text.replace(/\r\n?/g, '\n');
  const meta: Record<string, unknown> = {};
  if (dec.encoding !== 'utf-8') meta.encoding = dec.encoding;
  let text = raw;
  let title: string | undefined;
  if (kind.format === 'html') {
    try {
      const r = extractMainText(raw);
      text = r.text;
      title = r.title || undefined;
    } catch (e) {
      yield skip(absPath, 'unreadable', `HTML could not be parsed: ${errorMessage(e)}`);
      return;
    }
  } else if (kind.format === 'md') {
    title = markdownTitle(raw);
  }
  const maxChars = opts.maxDocChars ?? DEFAULT_MAX_DOC_CHARS;
  if (!text.trim()) {
    yield skip(absPath, 'empty', kind.format === 'html' ? 'no main text found in the HTML' : 'no text (only whitespace)');
    return;
  }
  if (text.length > maxChars) {
    yield skip(absPath, 'too-large', `document has ${text.length} characters, over the ${maxChars}-character limit`);
    return;
  }
  const doc: RawDocument = { path: absPath, format: kind.format, text, meta };
  if (title) doc.title = title;
  yield { kind: 'doc', doc };
}

/** Splits a byte stream into lines (LF, CR stripped), never holding more than one line (capped) in memory. */
async function* byteLines(stream: Readable, maxLineBytes: number): AsyncGenerator<{ line: number; bytes: Buffer | null; unterminated?: true }> {
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let overflow = false;
  let lineNo = 0;
  const emit = (tail: Buffer): { line: number; bytes: Buffer | null } => {
    lineNo++;
    if (overflow) {
      overflow = false;
      pending = [];
      pendingLen = 0;
      return { line: lineNo, bytes: null };
    }
    let b = pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingLen = 0;
    if (b.length && b[b.length - 1] === 13) b = b.subarray(0, b.length - 1);
    return { line: lineNo, bytes: b };
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      yield emit(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) {
      if (!overflow) {
        pending.push(chunk.subarray(start));
        pendingLen += chunk.length - start;
        if (pendingLen > maxLineBytes) {
          overflow = true;
          pending = [];
          pendingLen = 0;
        }
      }
    }
  }
  if (pendingLen > 0 || overflow) yield { ...emit(Buffer.alloc(0)), unterminated: true };
}

async function* readJsonl(absPath: string, compression: Compression, opts: ReaderOptions): AsyncIterable<ReadEvent> {
  const field = opts.textField ?? DEFAULT_TEXT_FIELD;
  const only = opts.only;
  const maxChars = opts.maxDocChars ?? DEFAULT_MAX_DOC_CHARS;
  const legacy = opts.decodeLegacyChinese !== false;
  // Binary sniff on the raw head (gzip is checked by its magic number instead).
  let head: Buffer;
  try {
    const fh = await open(absPath, 'r');
    try {
      const buf = Buffer.alloc(8192);
      const { bytesRead } = await fh.read(buf, 0, 8192, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (e) {
    yield skip(absPath, 'unreadable', errnoMessage(e));
    return;
  }
  if (head.length === 0) {
    yield skip(absPath, 'empty', 'file is empty');
    return;
  }
  if (compression === 'gzip') {
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      yield skip(absPath, 'binary', 'named .gz but not gzip data');
      return;
    }
  } else if (compression === 'zstd') {
    if (!hasZstdMagic(head)) {
      yield skip(absPath, 'binary', 'named .zst but not zstd data (no zstd frame magic at byte offset 0)');
      return;
    }
  } else if (looksBinary(head)) {
    yield skip(absPath, 'binary', 'binary content (NUL or control bytes in the first 8 KB)');
    return;
  }
  const file = createReadStream(absPath, { highWaterMark: 256 * 1024 });
  let stream: Readable = file;
  if (compression !== 'none') {
    const dec = compression === 'gzip' ? createGunzip() : createZstdDecompressor();
    file.on('error', (e) => dec.destroy(e));
    stream = file.pipe(dec);
  }
  let lastLine = 0;
  try {
    for await (const { line, bytes, unterminated } of byteLines(stream, maxChars * 4 + 1024)) {
      lastLine = line;
      if (opts.signal?.aborted) return;
      if (bytes === null) {
        yield skip(absPath, 'too-large', `line is over ${maxChars * 4 + 1024} bytes`, line);
        continue;
      }
      if (only && !only.has(line)) continue;
      if (bytes.length === 0 || isBlank(bytes)) continue;
      if (line === 1 && compression === 'none' && bytes.length && looksBinary(bytes)) {
        yield skip(absPath, 'binary', 'binary content', line);
        return;
      }
      const ev = parseJsonLine(absPath, line, bytes, field, maxChars, legacy);
      // A last line without its newline that is not JSON is a write cut short (a killed process): said so.
      if (ev.kind === 'skip' && ev.skip.reason === 'bad-json' && unterminated) {
        yield skip(absPath, 'bad-json', `line ${line}: torn last line (the file ends in the middle of a line, as an interrupted write leaves it); skipped`, line);
      } else yield ev;
    }
  } catch (e) {
    yield skip(absPath, 'unreadable', streamFailure(e, compression, lastLine, file.bytesRead), lastLine + 1);
  } finally {
    file.destroy();
    stream.destroy();
  }
}

/** The message of a failed JSONL stream: what failed, after which line, and where in the file. */
function streamFailure(e: unknown, compression: Compression, lastLine: number, bytesRead: number): string {
  if (compression === 'zstd' && e instanceof ZstdStreamError) {
    const z = e;
    const where = z.truncated ? `at byte offset ${bytesRead} (end of the file)` : `within the first ${bytesRead} bytes`;
    return `${z.message}: the zstd stream failed ${where}, after line ${lastLine}; the lines before it were read`;
  }
  const msg = (e as NodeJS.ErrnoException).code ? errnoMessage(e) : errorMessage(e);
  return `${compression === 'gzip' ? 'gzip stream failed' : 'read failed'} after line ${lastLine}: ${msg}`;
}

function isBlank(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** One JSONL record → a document or a skip (exported for the index's re-reads of a single line). */
export function parseJsonLine(path: string, line: number, bytes: Uint8Array, field = 'text', maxChars = DEFAULT_MAX_DOC_CHARS, legacy = true): ReadEvent {
  const dec = decodeBytes(bytes, legacy);
  if (!dec.ok) return skip(path, dec.reason, `line ${line}: ${dec.message}`, line);
  let rec: unknown;
  try {
    rec = JSON.parse(dec.text);
  } catch (e) {
    return skip(path, 'bad-json', `line ${line}: ${errorMessage(e)}`, line);
  }
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return skip(path, 'bad-json', `line ${line}: not a JSON object`, line);
  const obj = rec as Record<string, unknown>;
  if (obj[field] === undefined) {
    // No configured field: text, content, raw_content, or the record's only string field.
    const strings = Object.keys(obj).filter((k) => typeof obj[k] === 'string');
    const other = chooseTextField(strings, field);
    if (other === undefined) return skip(path, 'no-text-field', `line ${line}: ${noTextFieldMessage(field, strings, 'field')}`, line);
    field = other;
  }
  const text = obj[field];
  if (typeof text !== 'string') {
    return skip(path, 'no-text-field', `line ${line}: field "${field}" is ${text === null ? 'null' : typeof text}, not a string`, line);
  }
  if (!text.trim()) return skip(path, 'empty', `line ${line}: field "${field}" is empty`, line);
  if (text.length > maxChars) return skip(path, 'too-large', `line ${line}: ${text.length} characters, over the ${maxChars}-character limit`, line);
  const meta: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    if (k === field) continue;
    if (k === 'id' && (typeof obj.id === 'string' || typeof obj.id === 'number')) continue;
    if (k === 'title' && typeof obj.title === 'string') continue;
    meta[k] = obj[k];
  }
  if (dec.encoding !== 'utf-8') meta.encoding = dec.encoding;
  const doc: RawDocument = { path, line, format: 'jsonl', text, meta };
  if (typeof obj.id === 'string' || typeof obj.id === 'number') doc.externalId = String(obj.id);
  const title = obj.title ?? (isRecord(obj.metadata) ? obj.metadata.title : undefined);
  if (typeof title === 'string' && title.trim()) doc.title = title.trim();
  return { kind: 'doc', doc };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
