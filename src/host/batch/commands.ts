// The batch feature (loaded with dist/features.js): start/resume/cancel batches, the review queue, and the
// OpenAI Batch API export/import — their command handlers (see the table in ../commands.ts). The Review
// Queue view and the start-up look for interrupted batches are set up in lazy.ts (activation bundle).
import * as vscode from 'vscode';
import type { CorpusDocument } from '../../core/corpus/model';
import type { CuratorApi } from '../api';
import { isOptions, type QueueEntry, type BatchArgs, type BatchOutcome, type CommandHandlers, type CorpusFilter, type UnfinishedBatch } from '../commands';
import { formatFilter, matchesFilter } from '../corpus/query.model';
import { formatRecordRef, isRecordFile } from '../../core/corpus/record-ref';
import { BatchRunner, offerResume, runningBatches } from './run';
import { ReviewQueue } from './queue';
import { exportBatch, importResults } from './scaleout';

type BatchCommandName =
  | 'batchRewrite'
  | 'batchRewriteCorpus'
  | 'batchResume'
  | 'batchCancel'
  | 'batchExport'
  | 'batchImport'
  | 'queueOpen'
  | 'queueNext'
  | 'queuePrevious'
  | 'queueAccept'
  | 'queueReject'
  | 'queueBulkAccept'
  | 'queueBulkReject'
  | 'queueUndo'
  | 'queueSort'
  | 'queueFilter'
  | 'queueClearFilter'
  | 'queueRefresh';

export interface BatchFeature {
  readonly queue: ReviewQueue;
  handlers: Pick<CommandHandlers, BatchCommandName>;
  api: Pick<CuratorApi, 'queueItems' | 'queueCurrent' | 'batchCheckUnfinished'>;
  /** The start-up offer to resume or discard each interrupted batch. */
  offerResume(): Promise<UnfinishedBatch[]>;
  /** Stops every running batch: no new request starts, running ones are aborted. Returns how many. */
  cancel(): number;
}

/** What the batch needs of the Corpus view (src/host/corpus): its index and current filter. */
export interface CorpusView {
  service: { current?: { documents(): CorpusDocument[] }; ensureIndex(): Promise<unknown> };
  tree: { filter: CorpusFilter };
}

export function batchCommands(context: vscode.ExtensionContext, corpus: () => CorpusView): BatchFeature {
  const runner = new BatchRunner(context);
  const queue = new ReviewQueue(context);
  context.subscriptions.push(queue);
  const cancel = () => {
    const n = runningBatches.size;
    for (const c of runningBatches.values()) c.abort();
    return n;
  };
  return {
    queue,
    cancel,
    offerResume: () => offerResume(runner),
    handlers: {
      batchRewrite: (clicked, selected) => {
        if (isOptions<BatchArgs>(clicked)) return runner.start(undefined, undefined, clicked);
        if (isOptions<BatchArgs>(selected)) return runner.start(clicked, undefined, selected);
        return runner.start(clicked, selected, { confirm: true });
      },
      batchRewriteCorpus: (args) => rewriteCorpusView(runner, corpus(), isOptions<BatchArgs>(args) ? args : { confirm: true }),
      batchResume: (args) => runner.resume(isOptions(args) ? args : {}),
      batchCancel: cancel,
      batchExport: (clicked, selected) => exportBatch(runner, clicked, selected),
      batchImport: (args) => importResults(args),
      queueOpen: (e) => queue.open(e),
      queueNext: (args) => queue.next(isOptions(args) ? args : {}),
      queuePrevious: (args) => queue.previous(isOptions(args) ? args : {}),
      queueAccept: (e, args) => queue.decideOne(isEntry(e) ? e : undefined, 'accepted', isOptions(args) ? args : {}),
      queueReject: (e, args) => queue.decideOne(isEntry(e) ? e : undefined, 'rejected', isOptions(args) ? args : {}),
      queueBulkAccept: (args) => queue.bulkAccept(isOptions(args) ? args : {}),
      queueBulkReject: (args) => queue.bulkReject(isOptions(args) ? args : {}),
      queueUndo: () => queue.undo(),
      queueSort: (sort) => queue.chooseSort(typeof sort === 'string' ? sort : undefined),
      // From the view's toolbar the argument is absent; a queue item (a click's argument) is no filter.
      queueFilter: (f) => queue.chooseFilter(isOptions(f) && !('rewriteId' in f) ? f : undefined),
      queueClearFilter: () => queue.clearFilter(),
      queueRefresh: () => queue.refresh(),
    },
    api: {
      queueItems: async () => queue.items(),
      queueCurrent: () => queue.currentId(),
      batchCheckUnfinished: (opts) => offerResume(runner, opts),
    },
  };
}

/**
 * "Rewrite in Batch…" on the Corpus view: the documents its current filter shows — files, and records of
 * JSONL and Parquet shards as record refs (`x.jsonl.gz:3`), whose rewrites go to their shard's rewrites shard.
 */
async function rewriteCorpusView(runner: BatchRunner, corpus: CorpusView, args: BatchArgs): Promise<BatchOutcome | undefined> {
  await corpus.service.ensureIndex();
  const docs = (corpus.service.current?.documents() ?? []).filter((d) => matchesFilter(d, corpus.tree.filter));
  const paths = [...new Set(docs.map((d) => (d.line !== undefined && isRecordFile(d.path) ? formatRecordRef(d.path, d.line) : d.path)))];
  if (!paths.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The Corpus view shows no text file to rewrite.'));
    return undefined;
  }
  const f = formatFilter(corpus.tree.filter);
  return runner.start(undefined, undefined, { ...args, paths, origin: f ? vscode.l10n.t('Corpus view ({0})', f) : vscode.l10n.t('Corpus view') });
}

/** A queue item as the view's menus pass it (keybindings pass nothing, or the focused item). */
function isEntry(x: unknown): x is QueueEntry {
  return isOptions<QueueEntry>(x) && typeof x.rewriteId === 'string' && typeof x.root === 'string';
}
