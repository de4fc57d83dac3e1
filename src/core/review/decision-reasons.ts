// The reason a review decision suggests (issue 17): the verdict's reasons and the rewrite's output flags map
// onto the decision pick list (DECISION_REASONS in src/core/provenance/types.ts), so the panel, the queue and
// the CLI can preselect one. A suggestion only: the reviewer picks.
import type { DecisionReason, OutputFlag } from '../provenance/types';
import type { ReasonCode } from './verdict';

const BY_CODE: Record<ReasonCode, DecisionReason> = {
  leak: 'leaked-prompt',
  coverage: 'facts-dropped',
  altered: 'facts-altered',
  negation: 'facts-altered',
  direction: 'facts-altered',
  'added-facts': 'hallucination',
  'added-sentence': 'hallucination',
  unsupported: 'hallucination',
  claim: 'hallucination',
};

const BY_FLAG: Partial<Record<OutputFlag, DecisionReason>> = { 'leaked-prompt': 'leaked-prompt', 'wrong-language': 'language' };

/**
 * The verdict's reasons as stored in a fact summary are plain words only (FactSummary.reasons, written by
 * src/core/review/verdict.ts): their openings tell the code.
 */
const BY_TEXT: [RegExp, DecisionReason][] = [
  [/^the answer /, 'leaked-prompt'],
  [/^(changes|drops (the|a) negation|adds a negation|says |puts |swaps )/, 'facts-altered'],
  [/^drops /, 'facts-dropped'],
  [/^(adds |states |uses |too many words)/, 'hallucination'],
];

export function reasonForCode(code: ReasonCode): DecisionReason {
  return BY_CODE[code];
}

export function reasonForText(text: string): DecisionReason | undefined {
  const t = text.trim().toLowerCase();
  for (const [re, r] of BY_TEXT) if (re.test(t)) return r;
  return undefined;
}

/** The reason to preselect: the first output flag that names one, else the first verdict reason that does. */
export function suggestReason(s: { codes?: readonly ReasonCode[]; texts?: readonly string[]; flags?: readonly OutputFlag[] }): DecisionReason | undefined {
  for (const f of s.flags ?? []) if (BY_FLAG[f]) return BY_FLAG[f];
  for (const c of s.codes ?? []) return BY_CODE[c];
  for (const t of s.texts ?? []) {
    const r = reasonForText(t);
    if (r) return r;
  }
  return undefined;
}
