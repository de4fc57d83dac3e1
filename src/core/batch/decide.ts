// A decision on a rewrite named by its file or its id, outside VS Code (`curator decide`): finds the rewrite
// (the review queue's item or the provenance log's rewrite record), reads both texts and builds the target the
// review panel would record (the batch's fact summary while the rewrite is the text the batch checked, else
// the review of the two texts as they are). The decision itself is the decision service's
// (src/core/provenance/decisions.ts): the same records, the same move of a rejected file, the same event.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { buildReview } from '../review/review';
import { suggestReason } from '../review/decision-reasons';
import { latestDecision, reviewedTarget, rewriteRecords, type DecisionTarget } from '../provenance/decisions';
import { toWorkspacePath } from '../provenance/log';
import type { DecisionReason, DecisionRecord, RewriteRecord } from '../provenance/types';
import { sha256 } from '../text/hash';
import { loadQueue, type QueueItem } from './queue';

export interface RewriteToDecide {
  root: string;
  /** Absolute path of the rewrite. */
  rewrite: string;
  /** Absolute path of its source. */
  source: string;
  target: DecisionTarget;
  item?: QueueItem;
  record?: RewriteRecord;
  /** The decision in force, if any ('pending' after an undo). */
  current?: DecisionRecord;
  /** The reason the verdict and the output flags suggest for a reject. */
  suggested?: DecisionReason;
}

const abs = (root: string, rel: string) => join(root, ...rel.split('/'));

/**
 * Finds what `ref` names in workspace `root`: a rewrite file (absolute, or relative to `cwd`), or a rewrite id
 * (as `curator queue --json` prints it). Throws with a one-line reason when it is not a rewrite the
 * provenance log or a batch journal knows, when its source cannot be read, or when it was rejected and moved.
 */
export function findRewriteToDecide(root: string, ref: string, cwd = root): RewriteToDecide {
  const items = loadQueue(root);
  const records = rewriteRecords(root);
  const path = isAbsolute(ref) ? ref : resolve(cwd, ref);
  let rel = toWorkspacePath(root, path);
  let item = items.find((i) => i.output === rel);
  let record = records.find((r) => r.output.path === rel);
  if (!item && !record && !existsSync(path)) {
    item = items.find((i) => i.rewriteId === ref);
    record = records.find((r) => r.id === ref);
    if (item) rel = item.output;
    else if (record) rel = record.output.path;
  }
  if (!item && !record) throw new Error(`${ref} is not a rewrite in the provenance log of ${root} (nor a rewrite id)`);
  item ??= items.find((i) => i.rewriteId === record!.id);
  record ??= records.find((r) => r.id === item!.rewriteId);
  const rewrite = abs(root, rel);
  const current = latestDecision(root, rewrite);
  if (!existsSync(rewrite)) {
    if (current?.decision === 'rejected' && current.movedTo) throw new Error(`${rel} was rejected and moved to ${current.movedTo}; undo that decision in VS Code ("Undo Last Decision") to decide again`);
    throw new Error(`cannot read the rewrite ${rel}`);
  }
  const sourceRel = item?.source ?? record!.source.path;
  const source = abs(root, sourceRel);
  if (!existsSync(source)) throw new Error(`cannot read the source ${sourceRel} of ${rel}`);
  const sourceText = readFileSync(source, 'utf8');
  const rewriteText = readFileSync(rewrite, 'utf8');
  // The batch's summary stands for the text it checked; an edited rewrite is reviewed afresh (as in the panel).
  const facts = item?.facts && item.outputSha256 === sha256(rewriteText) ? item.facts : buildReview(sourceText, rewriteText).summary;
  const rewriteId = item?.rewriteId ?? record?.id;
  const target = reviewedTarget({ root, source, rewrite, sourceText, rewriteText, facts, ...(rewriteId ? { rewriteId } : {}) });
  const suggested = suggestReason({ flags: record?.flags, texts: facts.reasons });
  return { root, rewrite, source, target, ...(item ? { item } : {}), ...(record ? { record } : {}), ...(current ? { current } : {}), ...(suggested ? { suggested } : {}) };
}
