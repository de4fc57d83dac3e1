// The Parquet reader: one document per row, read row group by row group through hyparquet (with
// hyparquet-compressors: snappy, gzip, zstd, brotli, lz4). Only the footer and then, per row group, the byte
// ranges of its column chunks are read from a file handle: the file is never held in memory, and at most one
// row group's columns are. Rows are numbered from 1 (the document `path:row`, as JSONL's `path:line`).
//
// Bad input never stops the rest: a damaged footer skips the file with the byte offset of the footer; a
// row group that fails to decode (damaged page, unknown codec) is skipped with its first row and byte
// offset, and the next row group is read.
import { open, type FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors as jsCompressors } from 'hyparquet-compressors';
import type { RawDocument, ReadEvent, ReaderOptions, SkipReason } from './model';
import { chooseTextField, DEFAULT_TEXT_FIELD, jsonSafe, noTextFieldMessage } from './records';
import { errorMessage } from '../util/errors';

export const DEFAULT_MAX_DOC_CHARS_PARQUET = 5_000_000;
/** Metadata columns whose values average more than this many bytes a row are not read (they would be dropped from the document table anyway). */
export const MAX_META_BYTES_PER_ROW = 2048;

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

/** Node's own zlib for a codec when it has one and its output has the page's length, else the JavaScript one. */
function nativeFirst(native: ((b: Uint8Array) => Buffer) | undefined, js: Decompress | undefined): Decompress | undefined {
  if (!native) return js;
  return (input, outputLength) => {
    try {
      const out = native(input);
      if (out.length === outputLength) return new Uint8Array(out.buffer, out.byteOffset, out.length);
    } catch (e) {
      if (!js) throw e;
    }
    if (!js) throw new Error(`decompressed page is not ${outputLength} bytes`);
    return js(input, outputLength);
  };
}

/**
 * Page decompressors: gzip and brotli through Node's zlib (C, several times faster than JavaScript), zstd
 * through Node's where it has one (22.15+; a page is one frame, and a page of the wrong length falls back to
 * fzstd), snappy (WebAssembly), LZ4 and the rest from hyparquet-compressors.
 */
export const parquetCompressors: Record<string, Decompress | undefined> = {
  ...jsCompressors,
  GZIP: nativeFirst((b) => zlib.gunzipSync(b), jsCompressors.GZIP),
  BROTLI: nativeFirst((b) => zlib.brotliDecompressSync(b), jsCompressors.BROTLI),
  ZSTD: nativeFirst((zlib as unknown as { zstdDecompressSync?: (b: Uint8Array) => Buffer }).zstdDecompressSync, jsCompressors.ZSTD),
};

const MAGIC = 0x31524150; // "PAR1" little-endian
const MAGIC_ENCRYPTED = 0x45524150; // "PARE"

function skip(path: string, reason: SkipReason, message: string, row?: number): ReadEvent {
  return { kind: 'skip', skip: row === undefined ? { path, reason, message } : { path, line: row, reason, message } };
}

/** An AsyncBuffer over an open file: each slice is one positioned read (the file is never loaded whole). */
export function fileHandleBuffer(fh: FileHandle, size: number): AsyncBuffer & { bytesRead: number } {
  const buf = {
    byteLength: size,
    bytesRead: 0,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      const len = Math.max(0, stop - start);
      const out = new Uint8Array(len);
      let off = 0;
      while (off < len) {
        const { bytesRead } = await fh.read(out, off, len - off, start + off);
        if (bytesRead === 0) throw new Error(`unexpected end of file at byte offset ${start + off}`);
        off += bytesRead;
      }
      buf.bytesRead += len;
      return out.buffer;
    },
  };
  return buf;
}

/** A column that holds text: BYTE_ARRAY annotated as a string (UTF8 / STRING), or not annotated at all. */
function isStringColumn(t: SchemaTree): boolean {
  const e = t.element;
  if (t.children.length || e.type !== 'BYTE_ARRAY' || e.repetition_type === 'REPEATED') return false;
  if (e.converted_type === 'UTF8' || e.logical_type?.type === 'STRING') return true;
  return e.converted_type === undefined && e.logical_type === undefined;
}

function describeColumn(t: SchemaTree): string {
  const e = t.element;
  if (t.children.length) return e.converted_type === 'LIST' || e.logical_type?.type === 'LIST' ? 'a list' : 'a group';
  return e.logical_type?.type ?? e.converted_type ?? e.type ?? 'unknown';
}

/** The byte range of a top-level column's chunks in a row group (all its leaf columns), for messages. */
function columnBytes(meta: FileMetaData, g: number, column: string): { from: number; to: number } | undefined {
  let from = Infinity;
  let to = -1;
  for (const c of meta.row_groups[g]!.columns) {
    const m = c.meta_data;
    if (!m || m.path_in_schema[0] !== column) continue;
    const o = Number(m.dictionary_page_offset ?? m.data_page_offset);
    from = Math.min(from, o);
    to = Math.max(to, o + Number(m.total_compressed_size));
  }
  return to < 0 ? undefined : { from, to };
}

/** Checks the trailing magic and footer length; a sentence when the footer cannot be there. */
async function footerProblem(fh: FileHandle, size: number): Promise<string | undefined> {
  if (size < 12) return `only ${size} bytes: too short for a Parquet file (header, footer and "PAR1" magic)`;
  const tail = new Uint8Array(8);
  await fh.read(tail, 0, 8, size - 8);
  const dv = new DataView(tail.buffer);
  const magic = dv.getUint32(4, true);
  if (magic === MAGIC_ENCRYPTED) return 'the footer is encrypted (PARE): encrypted Parquet is not supported';
  if (magic !== MAGIC) return `damaged Parquet footer: no "PAR1" magic at byte offset ${size - 4} (truncated or not a Parquet file)`;
  const len = dv.getUint32(0, true);
  if (len + 12 > size) return `damaged Parquet footer: its length field at byte offset ${size - 8} says ${len} bytes, more than the file holds`;
  return undefined;
}

/**
 * Reads a Parquet file into documents (see the file comment). `opts.textField` names the text column
 * (default "text"); without it: content, raw_content, or the only string column.
 */
export async function* readParquet(absPath: string, size: number, opts: ReaderOptions): AsyncIterable<ReadEvent> {
  const maxChars = opts.maxDocChars ?? DEFAULT_MAX_DOC_CHARS_PARQUET;
  const configured = opts.textField ?? DEFAULT_TEXT_FIELD;
  let fh: FileHandle;
  try {
    fh = await open(absPath, 'r');
  } catch (e) {
    yield skip(absPath, 'unreadable', errorMessage(e));
    return;
  }
  try {
    const problem = await footerProblem(fh, size);
    if (problem) {
      yield skip(absPath, 'unreadable', problem);
      return;
    }
    const file = fileHandleBuffer(fh, size);
    let meta: FileMetaData;
    let schema: SchemaTree;
    try {
      meta = await parquetMetadataAsync(file, { initialFetchSize: 64 * 1024 });
      schema = parquetSchema(meta);
    } catch (e) {
      const tail = new Uint8Array(4);
      await fh.read(tail, 0, 4, size - 8);
      const len = new DataView(tail.buffer).getUint32(0, true);
      yield skip(absPath, 'unreadable', `damaged Parquet footer (${len} bytes at byte offset ${size - 8 - len}): ${errorMessage(e)}`);
      return;
    }
    const columns = schema.children;
    const strings = columns.filter(isStringColumn).map((c) => c.element.name);
    const textCol = chooseTextField(strings, configured);
    if (!textCol) {
      const named = columns.find((c) => c.element.name === configured);
      const msg = named ? `column "${configured}" is ${describeColumn(named)}, not a string column` : noTextFieldMessage(configured, strings, 'column');
      yield skip(absPath, 'no-text-field', msg);
      return;
    }
    const numRows = Number(meta.num_rows);
    // Metadata columns: every other top-level column, unless its values are large (blobs, long JSON).
    const wide = new Map<string, number>();
    for (const rg of meta.row_groups) {
      for (const c of rg.columns) {
        const name = c.meta_data?.path_in_schema[0];
        if (name) wide.set(name, (wide.get(name) ?? 0) + Number(c.meta_data!.total_uncompressed_size));
      }
    }
    const readCols = columns
      .map((c) => c.element.name)
      .filter((n) => n === textCol || (wide.get(n) ?? 0) <= MAX_META_BYTES_PER_ROW * Math.max(1, numRows));
    let groupStart = 0;
    for (let g = 0; g < meta.row_groups.length; g++) {
      const groupRows = Number(meta.row_groups[g]!.num_rows);
      const start = groupStart;
      const end = start + groupRows;
      groupStart = end;
      if (opts.signal?.aborted) return;
      if (groupRows === 0) continue;
      if (opts.only && !anyIn(opts.only, start + 1, end)) continue;
      let rows: Record<string, unknown>[];
      const read = (cols: string[]) => parquetReadObjects({ file, metadata: meta, rowStart: start, rowEnd: end, columns: cols, compressors: parquetCompressors });
      try {
        rows = await read(readCols);
      } catch (e) {
        // Find the damaged columns, one at a time: a damaged metadata column costs only its values; a damaged
        // text column costs the row group.
        const where = `row group ${g + 1} of ${meta.row_groups.length} (rows ${start + 1}–${end})`;
        const bad: string[] = [];
        for (const c of readCols) {
          try {
            await read([c]);
          } catch {
            bad.push(c);
          }
        }
        const at = (c: string) => {
          const b = columnBytes(meta, g, c);
          return b ? `column "${c}" at bytes ${b.from}–${b.to}` : `column "${c}"`;
        };
        const reason = errorMessage(e);
        const good = readCols.filter((c) => !bad.includes(c));
        let partial: Record<string, unknown>[] | undefined;
        if (bad.length && !bad.includes(textCol)) {
          try {
            partial = await read(good);
          } catch {
            partial = undefined;
          }
        }
        if (!partial) {
          yield skip(absPath, 'unreadable', `${where} could not be decoded (${bad.length ? bad.map(at).join(', ') : 'its column chunks'}): ${reason}`, start + 1);
          continue;
        }
        yield skip(absPath, 'unreadable', `${where}: ${bad.map(at).join(', ')} could not be decoded (${reason}); its documents are read without ${bad.length === 1 ? 'that column' : 'those columns'}`, start + 1);
        rows = partial;
      }
      for (let i = 0; i < rows.length; i++) {
        const row = start + i + 1;
        if (opts.only && !opts.only.has(row)) continue;
        yield rowEvent(absPath, row, rows[i]!, textCol, maxChars);
      }
      rows = [];
    }
  } catch (e) {
    yield skip(absPath, 'unreadable', `read failed: ${errorMessage(e)}`);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function anyIn(set: ReadonlySet<number>, from: number, to: number): boolean {
  if (to - from + 1 < set.size) {
    for (let r = from; r <= to; r++) if (set.has(r)) return true;
    return false;
  }
  for (const r of set) if (r >= from && r <= to) return true;
  return false;
}

function rowEvent(path: string, row: number, rec: Record<string, unknown>, textCol: string, maxChars: number): ReadEvent {
  const text = rec[textCol];
  if (typeof text !== 'string') return skip(path, 'empty', `row ${row}: column "${textCol}" is ${text === null || text === undefined ? 'null' : typeof text}`, row);
  if (!text.trim()) return skip(path, 'empty', `row ${row}: column "${textCol}" is empty`, row);
  if (text.length > maxChars) return skip(path, 'too-large', `row ${row}: ${text.length} characters, over the ${maxChars}-character limit`, row);
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (k === textCol) continue;
    const s = jsonSafe(v);
    if (s !== undefined) meta[k] = s;
  }
  const doc: RawDocument = { path, line: row, format: 'parquet', text, meta };
  const id = meta.id;
  if (typeof id === 'string' || typeof id === 'number') {
    doc.externalId = String(id);
    delete meta.id;
  }
  if (typeof meta.title === 'string' && meta.title.trim()) {
    doc.title = meta.title.trim();
    delete meta.title;
  }
  return { kind: 'doc', doc };
}
