// Finding many short strings (names) in a long text without scanning the text once per string: one pass
// over the text's words keeps the positions of the words that begin like one of the strings.

const FIRST = /^(?:[a-z0-9\u00c0-\u024f]+|[\u3400-\u9fff])/;

/** Characters of a (lower-case) Latin word: a-z, 0-9, Latin-1 and Latin Extended letters. */
function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x24f);
}

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
  // keys that are one Han character, by code: a Chinese text is scanned without a string per character
  const hanKeys = new Set<number>();
  for (const n of list) {
    const k = keyOf(n);
    if (!k) continue;
    const c = k.charCodeAt(0);
    if (c >= 0x3400 && c <= 0x9fff) hanKeys.add(c);
    else keys.add(k);
  }
  const starts = new Map<string, number[]>();
  const note = (k: string, at: number) => {
    let l = starts.get(k);
    if (!l) starts.set(k, (l = []));
    l.push(at);
  };
  if (keys.size || hanKeys.size) {
    const n = textLower.length;
    let i = 0;
    while (i < n) {
      const c = textLower.charCodeAt(i);
      if (c >= 0x3400 && c <= 0x9fff) {
        if (hanKeys.has(c)) note(textLower[i]!, i);
        i++;
      } else if (isWordCode(c)) {
        let j = i + 1;
        while (j < n && isWordCode(textLower.charCodeAt(j))) j++;
        if (keys.size) {
          for (let len = 1; len <= 3 && len <= j - i; len++) {
            const k = textLower.slice(i, i + len);
            if (keys.has(k)) note(k, i);
          }
        }
        i = j;
      } else i++;
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
