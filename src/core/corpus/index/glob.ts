// Minimal glob matching for include/exclude patterns on workspace-relative paths with forward slashes:
// `**` any number of path segments, `*` anything but "/", `?` one character, `{a,b}` alternatives.
// A pattern without "/" matches a file or folder name at any depth ("node_modules" excludes every
// node_modules folder), as .gitignore does.

export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/');
  if (g.startsWith('./')) g = g.slice(2);
  const anyDepth = !g.includes('/') || g.startsWith('**/');
  if (g.endsWith('/')) g = g.slice(0, -1);
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*') {
      if (g[i + 1] === '*') {
        // "**/" → zero or more segments; "**" at the end → anything.
        if (g[i + 2] === '/') {
          re += '(?:.*/)?';
          i += 2;
        } else {
          re += '.*';
          i++;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = g.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += '(?:' + g.slice(i + 1, end).split(',').map(escape).join('|') + ')';
        i = end;
      }
    } else re += escape(c);
  }
  const prefix = anyDepth && !re.startsWith('(?:.*/)?') ? '(?:.*/)?' : '';
  // A pattern matching a folder also matches everything under it.
  return new RegExp(`^${prefix}${re}(?:/.*)?$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\]/g, '\\$&');
}

export class PathFilter {
  private readonly include: RegExp[];
  private readonly exclude: RegExp[];
  constructor(include: readonly string[], exclude: readonly string[]) {
    this.include = include.map(globToRegExp);
    this.exclude = exclude.map(globToRegExp);
  }
  /** Whether a folder (relative path) can be skipped entirely. */
  excludesDir(rel: string): boolean {
    return this.exclude.some((r) => r.test(rel));
  }
  matches(rel: string): boolean {
    if (this.exclude.some((r) => r.test(rel))) return false;
    return this.include.length === 0 || this.include.some((r) => r.test(rel));
  }
}

export const DEFAULT_INCLUDE = ['**'];
export const DEFAULT_EXCLUDE = ['node_modules', '.git', '.curator'];
