// What the index needs from the readers and the quality signals, behind one
// interface so tests can count reads and the worker can run the same code.
import type { QualitySignals, ReadEvent, ReaderOptions } from '../model';
import type { Lang } from '../../text/lang';
import { isSupportedFile, readDocuments } from '../readers';
import { computeQuality, zeroQuality } from '../quality';
import { evaluateForIndex } from '../filters/evaluate';
import type { StoredFilterHits } from '../filters/presets';

export interface IndexDeps {
  readDocuments(absPath: string, opts: ReaderOptions): AsyncIterable<ReadEvent>;
  isSupportedFile(path: string): boolean;
  computeQuality(text: string, lang: Lang): QualitySignals;
  /** The filter rules that drop the text (every preset's answer); absent: not evaluated. */
  evaluateFilters?(text: string, lang: Lang): StoredFilterHits;
}

/** Every signal at 0 (built from QUALITY_SIGNALS in quality.ts). */
export { zeroQuality };

export const defaultDeps: IndexDeps = {
  readDocuments,
  isSupportedFile,
  computeQuality: (text, lang) => computeQuality(text, lang),
  evaluateFilters: (text, lang) => evaluateForIndex(text, lang),
};
