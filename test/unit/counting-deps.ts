// Index deps that record which files were read (workspace-relative, forward slashes), for the index tests.
import { relative } from 'node:path';
import { defaultDeps, type IndexDeps } from '../../src/core/corpus/index/deps';

export function countingDeps(root: string): { deps: IndexDeps; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    deps: {
      ...defaultDeps,
      readDocuments(abs, opts) {
        reads.push(relative(root, abs).split('\\').join('/'));
        return defaultDeps.readDocuments(abs, opts);
      },
    },
  };
}
