// What the index needs from the readers and the quality signals, behind one
// interface so tests can count reads and the worker can run the same code.
import type { QualitySignals, ReadEvent, ReaderOptions } from '../model';
import type { Lang } from '../../text/lang';
import { isSupportedFile, readDocuments } from '../readers';
import { computeQuality } from '../quality';
import { evaluateForIndex } from '../filters/evaluate';
import type { StoredFilterHits } from '../filters/presets';

export interface IndexDeps {
  readDocuments(absPath: string, opts: ReaderOptions): AsyncIterable<ReadEvent>;
  isSupportedFile(path: string): boolean;
  computeQuality(text: string, lang: Lang): QualitySignals;
  /** The filter rules that drop the text (every preset's answer); absent: not evaluated. */
  evaluateFilters?(text: string, lang: Lang): StoredFilterHits;
}

export function zeroQuality(): QualitySignals {
  return {
    markupPer1k: 0,
    garbledPer1k: 0,
    symbolRatio: 0,
    dupLineFrac: 0,
    dupParaFrac: 0,
    top2gramFrac: 0,
    top3gramFrac: 0,
    top4gramFrac: 0,
    emails: 0,
    phones: 0,
    ips: 0,
    idNumbers: 0,
    tooShort: 0,
    tooLong: 0,
  };
}

export const defaultDeps: IndexDeps = {
  readDocuments,
  isSupportedFile,
  computeQuality: (text, lang) => computeQuality(text, lang),
  evaluateFilters: (text, lang) => evaluateForIndex(text, lang),
};
