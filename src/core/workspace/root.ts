import { existsSync, statSync } from 'node:fs';
import { dirname, resolve, relative, isAbsolute } from 'node:path';
import { CURATOR_DIR } from '../provenance/types';

/**
 * The workspace root for a file used outside VS Code (the CLI): the nearest folder above it that has a
 * `.curator/` folder; otherwise `cwd` when the file is inside it; otherwise the file's own folder.
 */
export function findWorkspaceRoot(filePath: string, cwd: string): string {
  const abs = resolve(cwd, filePath);
  let dir = dirname(abs);
  for (;;) {
    const candidate = resolve(dir, CURATOR_DIR);
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const rel = relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return resolve(cwd);
  return dirname(abs);
}
