// judgePair: the one verdict (verdict.ts) on a source and a derived text, for callers that have only the
// two texts (`curator check`, evaluations): a rewrite through the full review model, a summary through the
// summary check.
import { buildReview } from './review';
import { judgeSummary, type JudgeOptions, type Verdict } from './verdict';

export function judgePair(source: string, derived: string, opts: JudgeOptions = {}): Verdict {
  if ((opts.kind ?? 'rewrite') === 'summary') return judgeSummary(source, derived);
  return buildReview(source, derived, { style: opts.style }).verdict;
}
