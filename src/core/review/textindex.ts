// Finding many short strings (names) in a long text without scanning the text once per string: one pass
// over the text's words keeps the positions of the words that begin like one of the strings.

const WORD = /[a-z0-9\u00c0-\u024f]+|[\u3400-\u9fff]/g;
const FIRST = /^(?:[a-z0-9\u00c0-\u024f]+|[\u3400-\u9fff])/;

/** The key a needle is looked up by: the first (up to) three characters of its first word. */
function keyOf(needle: string): string | undefined {
  const f = FIRST.exec(needle)?.[0];
  return f ? f.slice(0, 3) : undefined;
}

/**
 * For each needle (lower case), the offset of its first occurrence in `textLower` that starts where a
 * word (Latin word or Han character) starts (it may end inside a word: "gan" is found in "gans");
 * needles not found are absent from the map.
 */
export function findAtWordStarts(textLower: string, needles: Iterable<string>): Map<string, number> {
  const list = [...new Set(needles)];
  const keys = new Set<string>();
  for (const n of list) {
    const k = keyOf(n);
    if (k) keys.add(k);
  }
  const starts = new Map<string, number[]>();
  if (keys.size) {
    WORD.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = WORD.exec(textLower)) !== null) {
      const w = m[0];
      for (let len = 1; len <= 3 && len <= w.length; len++) {
        const k = len === w.length ? w : w.slice(0, len);
        if (!keys.has(k)) continue;
        let l = starts.get(k);
        if (!l) starts.set(k, (l = []));
        l.push(m.index);
      }
    }
  }
  const found = new Map<string, number>();
  for (const n of list) {
    const k = keyOf(n);
    for (const at of (k && starts.get(k)) || []) {
      if (textLower.startsWith(n, at)) {
        found.set(n, at);
        break;
      }
    }
  }
  return found;
}
