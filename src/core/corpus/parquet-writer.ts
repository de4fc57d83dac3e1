// Writing a training mix as Parquet (hyparquet-writer), zstd-compressed: the Dolma fields (id, text, source,
// added, created) as columns, the provenance as typed columns that DuckDB, pandas or `datasets` can filter
// on (synthetic, kind, lang, domain, tokens, path, line, style, audience, model, parent_path,
// review_status, sha256), and the whole Dolma `metadata` object as a JSON column. Rows are written in row
// groups as they come (one per `ROWS_PER_GROUP` rows or `BYTES_PER_GROUP` of text): the mix is never held
// in memory whole.
//
// zstd: Node's own zlib.zstdCompressSync where this Node has it (22.15+, VS Code's extension host on
// recent releases), otherwise the zstd library compiled to WebAssembly (@bokuweb/zstd-wasm).
import * as zlib from 'node:zlib';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';

export const ROWS_PER_GROUP = 10_000;
export const BYTES_PER_GROUP = 64 * 1024 * 1024;
export const ZSTD_LEVEL = 3;

type Compress = (input: Uint8Array) => Uint8Array;

let wasmCompress: Compress | undefined;

/** A zstd compressor for Parquet pages: Node's own, else WebAssembly (initialised once). */
export async function zstdCompressor(prefer?: 'native' | 'wasm'): Promise<{ compress: Compress; name: 'native' | 'wasm' }> {
  const native = (zlib as unknown as { zstdCompressSync?: (b: Uint8Array, o?: object) => Buffer }).zstdCompressSync;
  if (native && prefer !== 'wasm') {
    const params = (zlib.constants as unknown as Record<string, number>).ZSTD_c_compressionLevel;
    return { compress: (b) => new Uint8Array(native(b, params === undefined ? {} : { params: { [params]: ZSTD_LEVEL } })), name: 'native' };
  }
  if (!wasmCompress) {
    const z = (await import('@bokuweb/zstd-wasm')) as { init(): Promise<void>; compress(b: Uint8Array, level?: number): Uint8Array };
    await z.init();
    wasmCompress = (b) => z.compress(b, ZSTD_LEVEL);
  }
  return { compress: wasmCompress, name: 'wasm' };
}

/** One exported row. */
export interface MixRow {
  id: string;
  text: string;
  source: string;
  added: string;
  created: string;
  metadata: Record<string, unknown>;
}

/** The schema type of hyparquet-writer (its own copy of hyparquet's types). */
type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

type ColumnType = 'STRING' | 'JSON' | 'BOOLEAN' | 'INT32';
const COLUMNS: { name: string; type: ColumnType; get: (r: MixRow) => unknown }[] = [
  { name: 'id', type: 'STRING', get: (r) => r.id },
  { name: 'text', type: 'STRING', get: (r) => r.text },
  { name: 'source', type: 'STRING', get: (r) => r.source },
  { name: 'added', type: 'STRING', get: (r) => r.added },
  { name: 'created', type: 'STRING', get: (r) => r.created },
  { name: 'synthetic', type: 'BOOLEAN', get: (r) => r.metadata.synthetic === true },
  ...(['kind', 'lang', 'domain'] as const).map((k) => ({ name: k, type: 'STRING' as const, get: (r: MixRow) => str(r.metadata[k]) })),
  { name: 'tokens', type: 'INT32', get: (r) => int(r.metadata.tokens) },
  { name: 'path', type: 'STRING', get: (r) => str(r.metadata.path) },
  { name: 'line', type: 'INT32', get: (r) => int(r.metadata.line) },
  ...(['style', 'audience', 'model', 'parent_path', 'review_status', 'sha256'] as const).map((k) => ({ name: k, type: 'STRING' as const, get: (r: MixRow) => str(r.metadata[k]) })),
  { name: 'metadata', type: 'JSON', get: (r) => JSON.stringify(r.metadata) },
];

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function int(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

function schemaOf(): SchemaElement[] {
  return [
    { name: 'root', num_children: COLUMNS.length },
    ...COLUMNS.map((c): SchemaElement => {
      const required = c.name === 'id' || c.name === 'text' || c.name === 'synthetic';
      const repetition_type = required ? 'REQUIRED' : 'OPTIONAL';
      if (c.type === 'BOOLEAN') return { name: c.name, type: 'BOOLEAN', repetition_type };
      if (c.type === 'INT32') return { name: c.name, type: 'INT32', repetition_type };
      return { name: c.name, type: 'BYTE_ARRAY', converted_type: c.type === 'JSON' ? 'JSON' : 'UTF8', repetition_type };
    }),
  ];
}

/** Writes rows to a Parquet file (zstd) in row groups; `finish()` writes the footer. */
export class MixParquetWriter {
  private readonly writer: ParquetWriter;
  private readonly out: ReturnType<typeof fileWriter>;
  private rows: MixRow[] = [];
  private bytes = 0;
  rowCount = 0;

  private constructor(file: string, compress: Compress, createdBy: string) {
    this.out = fileWriter(file);
    this.writer = new ParquetWriter({ writer: this.out, schema: schemaOf(), codec: 'ZSTD', compressors: { ZSTD: compress }, createdBy });
  }

  static async create(file: string, createdBy = 'corpus-curator'): Promise<MixParquetWriter> {
    const { compress } = await zstdCompressor();
    return new MixParquetWriter(file, compress, createdBy);
  }

  add(row: MixRow): void {
    this.rows.push(row);
    this.bytes += row.text.length * 2;
    this.rowCount++;
    if (this.rows.length >= ROWS_PER_GROUP || this.bytes >= BYTES_PER_GROUP) this.flush();
  }

  private flush(): void {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.writer.write({
      columnData: COLUMNS.map((c) => ({ name: c.name, data: rows.map(c.get) })),
      rowGroupSize: rows.length,
    });
    this.rows = [];
    this.bytes = 0;
  }

  finish(): void {
    this.flush();
    this.writer.finish();
  }
}
