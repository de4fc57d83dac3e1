// Starting the batch's worker threads (factcheck.worker, writer.worker): from the bundle's dist/*.worker.js,
// or, when running from the sources (tests, benchmarks, the CLI under tsx), the .ts file through tsx.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export function startWorker(workerFile: string): Worker {
  return workerFile.endsWith('.ts')
    ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(workerFile)});\n`, { eval: true })
    : new Worker(workerFile);
}

/** The worker file `name` beside this code: dist/<name>.js in the bundle, src/core/batch/<name>.ts under tsx. */
export function workerFileBeside(name: string): string | undefined {
  const f = join(__dirname, __filename.endsWith('.ts') ? `${name}.ts` : `${name}.js`);
  return existsSync(f) ? f : undefined;
}
