// npm run bench: runs every bench/*.bench.ts in turn (figures and ratios against a baseline, printed).
// Pass names to run some: npm run bench -- review
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const files = readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).sort()
  // The scale bench (100,000 documents or more: an hour or longer on 2 cores) runs only when named for itself.
  .filter((f) => (f.includes('index-scale') ? only.some((o) => o.includes('scale')) : only.length === 0 || only.some((o) => f.includes(o))));
// Benches read real text from ../shared/data (or CURATOR_SHARED_DATA); without it they fall back to generated
// text, and their figures do not compare with the README's: said loudly, before and after.
const dataDir = process.env.CURATOR_SHARED_DATA ?? join(root, '..', 'shared', 'data');
const noData = existsSync(dataDir)
  ? undefined
  : [
      '',
      '!'.repeat(100),
      `!!! WARNING: the real data folder ${dataDir} is MISSING.`,
      '!!! The benches fall back to GENERATED text: their figures are NOT comparable with the README\'s.',
      '!!! Set CURATOR_SHARED_DATA=/path/to/shared/data (a worktree has no ../shared/data beside it).',
      '!'.repeat(100),
      '',
    ].join('\n');
if (noData) console.error(noData);
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', join('bench', f)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
if (noData) console.error(noData);
process.exit(failed ? 1 : 0);
