// Other spellings of a name that a derived text may use for a name its source writes: the same words with
// hyphens or an HTML entity ("cost-of-living adjustment" / "Cost of Living Adjustment", "Korea&rsquo;s"),
// the initials of a name ("NY" for New York, "HOH" for Head of Household, both ways), plus a few
// abbreviations of general English that no rule can derive (UK for Britain, US for America, TV for
// television). Used by the summary check: a name written in one of these forms is no fact "not in the
// source". (A place's people, "Korean" for Korea, is left out on purpose: in SummEdits an adjective of
// nationality that the document never uses is as often a changed fact.)

const ENTITIES: Record<string, string> = { amp: '&', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', apos: "'", quot: '"', nbsp: ' ', mdash: '—', ndash: '–' };

/** Lower case, HTML entities decoded, possessive 's dropped, hyphens and runs of spaces as one space. */
export function plainName(s: string): string {
  return s
    .replace(/&(#\d+|[a-z]+);?/gi, (m, e: string) => (e[0] === '#' ? String.fromCharCode(Number(e.slice(1))) : (ENTITIES[e.toLowerCase()] ?? m)))
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[-‐‑–—_/]+/g, ' ')
    .replace(/[^\p{L}\p{N} ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Abbreviations of general English and the names they stand for (all lower case, plain). */
const ALIASES: ReadonlyArray<readonly string[]> = [
  ['uk', 'u k', 'britain', 'british', 'united kingdom'],
  ['us', 'u s', 'usa', 'america', 'american', 'united states'],
  ['un', 'u n', 'united nations'],
  ['eu', 'european union'],
  ['tv', 'television', 'televisions'],
  ['pm', 'p m', 'prime minister'],
];

/** The source's words and capitalised-word initials, for asking whether a name is written there in another form. */
export class NameForms {
  private readonly plain: string;
  private readonly initials = new Set<string>();
  private readonly acronyms = new Set<string>();

  constructor(source: string) {
    this.plain = ` ${plainName(source)} `;
    const runs = source.split(/[^\p{L}\p{N}'’&.-]+/u);
    let run: string[] = [];
    const flush = () => {
      // initials of every stretch of two or more capitalised words (of, and, the may stand between them)
      for (let i = 0; i < run.length; i++) {
        let ini = '';
        for (let j = i; j < run.length && j < i + 6; j++) {
          ini += run[j]![0]!.toLowerCase();
          if (j > i) this.initials.add(ini);
        }
      }
      run = [];
    };
    for (const w of runs) {
      if (/^\p{Lu}{2,6}$/u.test(w)) this.acronyms.add(w.toLowerCase());
      if (/^\p{Lu}/u.test(w)) {
        const bare = w.replace(/['’]s$/, '').replace(/[.'’-]+$/, '');
        run.push(bare);
      } else if (!/^(?:of|and|the|for|de)$/.test(w)) flush();
    }
    flush();
  }

  /** True if the source writes `name` (as the derived text has it) in one of its other forms. */
  has(name: string): boolean {
    const p = plainName(name);
    if (p.length < 2) return false;
    if (this.plain.includes(` ${p} `)) return true;
    // a plural of the source's word ("Mainers" for a Mainer, "Instructors" for an instructor)
    if (/[a-z]{3}s$/.test(p) && this.plain.includes(` ${p.slice(0, -1)} `)) return true;
    const q = p.replace(/(?<=[a-z]{2})s$/, '');
    for (const group of ALIASES) if ((group.includes(p) || group.includes(q)) && group.some((a) => a !== p && a !== q && this.plain.includes(` ${a} `))) return true;
    const compact = name.replace(/[.\s]/g, '');
    if (/^\p{Lu}{2,5}s?$/u.test(compact) && this.initials.has(compact.replace(/s$/, '').toLowerCase())) return true;
    // a name the source gives by its initials: "Head of Household" for HOH
    const words = name.split(/[\s-]+/).filter(Boolean);
    if (words.length >= 2) {
      const all = words.map((w) => w[0]!.toLowerCase()).join('');
      const caps = words.filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]!.toLowerCase()).join('');
      if (this.acronyms.has(all) || (caps.length >= 2 && this.acronyms.has(caps))) return true;
    }
    return false;
  }
}
