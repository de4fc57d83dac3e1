// What the index needs from the readers and the quality signals, behind one
// interface so tests can count reads and the worker can run the same code.
import type { ReadEvent, ReaderOptions } from '../model';
import { isSupportedFile, readDocuments } from '../readers';
import { zeroQuality } from '../quality';
import { DEFAULT_ANALYSIS, type AnalysisDeps } from './analyze';

/** Readers, and the quality signals and rules (AnalysisDeps; when they are DEFAULT_ANALYSIS's, a big run
 * computes them in worker threads). */
export interface IndexDeps extends AnalysisDeps {
  readDocuments(absPath: string, opts: ReaderOptions): AsyncIterable<ReadEvent>;
  isSupportedFile(path: string): boolean;
}

/** Every signal at 0 (built from QUALITY_SIGNALS in quality.ts). */
export { zeroQuality };

export const defaultDeps: IndexDeps = {
  readDocuments,
  isSupportedFile,
  computeQuality: DEFAULT_ANALYSIS.computeQuality,
  evaluateFilters: DEFAULT_ANALYSIS.evaluateFilters,
};
