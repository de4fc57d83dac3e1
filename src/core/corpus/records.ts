// What JSONL records and Parquet rows have in common: which field holds the text, and metadata values made
// safe for the JSON document table (Parquet gives BigInt, Date and byte arrays that JSON cannot hold).

/** Field names that hold the text in the common pre-training sets (Dolma/FineWeb `text`, The Stack `content`, RedPajama-V2 `raw_content`). */
export const CONVENTIONAL_TEXT_FIELDS: readonly string[] = ['text', 'content', 'raw_content'];

export const DEFAULT_TEXT_FIELD = 'text';

/**
 * The field that holds the text, among the names of a record's (or a file's) string fields: the configured
 * one when present, else the first of text, content, raw_content that is present, else the only string
 * field; undefined when none of these applies.
 */
export function chooseTextField(stringFields: readonly string[], configured: string = DEFAULT_TEXT_FIELD): string | undefined {
  if (stringFields.includes(configured)) return configured;
  for (const f of CONVENTIONAL_TEXT_FIELDS) if (stringFields.includes(f)) return f;
  return stringFields.length === 1 ? stringFields[0] : undefined;
}

/** Why no text field could be chosen, for a skip message. */
export function noTextFieldMessage(configured: string, stringFields: readonly string[], what: 'field' | 'column'): string {
  const list = stringFields.length ? `string ${what}s: ${stringFields.slice(0, 12).join(', ')}${stringFields.length > 12 ? ', …' : ''}` : `no string ${what}s`;
  const names = [configured, ...CONVENTIONAL_TEXT_FIELDS.filter((f) => f !== configured)].map((f) => `"${f}"`);
  return `no ${what} named ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]} (${list}); name the text ${what} in the text-field setting`;
}

/**
 * A value as JSON can hold it: BigInt as a number when exact (else a decimal string), Date as an ISO
 * string, byte arrays left out (undefined), objects and arrays converted member by member.
 */
export function jsonSafe(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array || ArrayBuffer.isView(v)) {
    // Typed arrays of numbers (Parquet lists of floats come as Float64Array) are kept as arrays; bytes are not.
    if (v instanceof Uint8Array || v instanceof DataView) return undefined;
    return Array.from(v as unknown as ArrayLike<number>, (x) => jsonSafe(x));
  }
  if (Array.isArray(v)) return v.map((x) => jsonSafe(x) ?? null);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const s = jsonSafe(x);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return undefined;
}
