// The corpus document model shared by the readers, the index, statistics, dedup and export (part 3).
import type { Lang } from '../text/lang';
import type { StoredFilterHits } from './filters/presets';

export type SourceFormat = 'txt' | 'md' | 'html' | 'jsonl' | 'parquet';

/** A document as a reader yields it, before indexing. */
export interface RawDocument {
  /** Absolute path of the file. */
  path: string;
  /** 1-based line for JSONL documents, 1-based row for Parquet documents. */
  line?: number;
  format: SourceFormat;
  /** Main text (HTML reduced to its article text). */
  text: string;
  /** Title when the format has one (HTML <title>, Markdown first heading, JSONL/Parquet `title`). */
  title?: string;
  /** For JSONL and Parquet: the `id` field when present (Dolma-style). */
  externalId?: string;
  /** Other fields of a JSONL record or Parquet row (Dolma `source`, `metadata`, FineWeb `url`, `score`…). */
  meta: Record<string, unknown>;
}

/** An input that could not be read as a document: always reported with its path (and line). */
export interface SkippedInput {
  path: string;
  line?: number;
  reason: SkipReason;
  message: string;
}

export type SkipReason =
  | 'binary'
  | 'too-large'
  | 'invalid-utf8'
  | 'bad-json'
  | 'no-text-field'
  | 'empty'
  | 'unreadable'
  | 'unsupported';

export type ReadEvent = { kind: 'doc'; doc: RawDocument } | { kind: 'skip'; skip: SkippedInput };

export interface ReaderOptions {
  /**
   * JSONL field or Parquet column holding the text (default "text"). When a record or file has no such
   * field: text, content or raw_content, else its only string field (records.ts chooseTextField).
   */
  textField?: string;
  /** Files larger than this are skipped as too-large (default 50 MB; JSONL and Parquet files are streamed and exempt up to 20 GB). */
  maxFileBytes?: number;
  /** Documents longer than this many characters are skipped as too-large (default 5,000,000). */
  maxDocChars?: number;
  /** Try GBK/GB18030 for files that are not valid UTF-8 (default true). */
  decodeLegacyChinese?: boolean;
  /**
   * Only the documents at these lines (JSONL) or rows (Parquet), 1-based, are wanted: other records may be
   * passed over unparsed (Parquet row groups without a wanted row are not read). Whole-file formats ignore it.
   */
  only?: ReadonlySet<number>;
  signal?: AbortSignal;
}

export type DocKind = 'natural' | 'synthetic';
export type ReviewStatus = 'none' | 'pending' | 'accepted' | 'rejected';

/** Quality signals per document; every field is a number so filters and histograms stay simple. */
export interface QualitySignals {
  /** Leftover HTML tags/entities per 1,000 characters. */
  markupPer1k: number;
  /** Replacement characters, mojibake and control characters per 1,000 characters. */
  garbledPer1k: number;
  /** Symbols (#, …, etc.) per word/character unit (Gopher symbol-to-word ratio). */
  symbolRatio: number;
  /** Fraction of lines that duplicate an earlier line (by characters, Gopher). */
  dupLineFrac: number;
  /** Fraction of paragraphs that duplicate an earlier paragraph (by characters). */
  dupParaFrac: number;
  /** Share of characters covered by the most frequent 2-, 3- and 4-gram (Gopher top n-gram). */
  top2gramFrac: number;
  top3gramFrac: number;
  top4gramFrac: number;
  /** PII counts. */
  emails: number;
  phones: number;
  ips: number;
  idNumbers: number;
  /** 1 when the document is shorter than the "very short" threshold, 0 otherwise; same for very long. */
  tooShort: number;
  tooLong: number;
}

/** One indexed document: what the index, views, statistics and export use. */
export interface CorpusDocument {
  /** Stable id: hash of workspace-relative path (+ line for JSONL, row for Parquet). */
  id: string;
  /** Workspace-relative path with forward slashes. */
  path: string;
  line?: number;
  format: SourceFormat;
  title?: string;
  externalId?: string;
  lang: Lang;
  chars: number;
  tokens: number;
  /** SHA-256 of the text (exact duplicates share it). */
  sha256: string;
  kind: DocKind;
  /** Id of the parent document (for rewrites), and its path. */
  parentId?: string;
  parentPath?: string;
  style?: string;
  audience?: string;
  model?: string;
  status: ReviewStatus;
  domain: string;
  quality: QualitySignals;
  /** The datatrove rules that drop this document (filters/evaluate.ts); absent when none does. */
  filters?: StoredFilterHits;
  /** Near-duplicate cluster id (shared by every member of a cluster of 2+); undefined when unique. */
  dupCluster?: string;
  /** Passages (lines of 8+ words / 16+ Chinese characters) of this document found in other documents too. */
  sharedPassages?: number;
  /** Modification time and size of the file when indexed (for incremental updates). */
  mtimeMs: number;
  size: number;
  meta?: Record<string, unknown>;
}
