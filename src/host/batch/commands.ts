// The batch features (loaded with dist/features.js): start/resume/cancel batches, the review queue, and the
// OpenAI Batch API export/import. Commands are registered in src/host/batch/activation.ts (light).
import * as vscode from 'vscode';
import { BatchRunner, offerResume, runningBatches, type BatchArgs, type BatchOutcome, type UnfinishedBatch } from './run';
import { ReviewQueue } from './queue';
import { onDecided } from '../review/panel';
import { formatFilter, matchesFilter, type CorpusFilter } from '../corpus/query.model';
import type { CorpusDocument } from '../../core/corpus/model';
import { log } from '../log';
import { exportBatch, importResults, type ExportArgs, type ExportOutcome, type ImportArgs, type ImportOutcome } from './scaleout';

export interface BatchFeatures {
  readonly queue: ReviewQueue;
  rewrite(clicked?: vscode.Uri | BatchArgs, selected?: vscode.Uri[] | BatchArgs): Promise<BatchOutcome | undefined>;
  resume(args?: { batchId?: string; root?: string }): Promise<BatchOutcome | undefined>;
  /** Stops every running batch: no new request starts, running ones are aborted. Returns how many. */
  cancel(): number;
  offerResume(opts?: { answer?: 'resume' | 'discard' }): Promise<UnfinishedBatch[]>;
  exportBatch(clicked?: vscode.Uri | ExportArgs, selected?: vscode.Uri[] | ExportArgs): Promise<ExportOutcome | undefined>;
  importResults(args?: ImportArgs | vscode.Uri): Promise<ImportOutcome | undefined>;
  /** "Rewrite in Batch…" on the Corpus view: the documents its current filter shows (text files; JSONL records are left out). */
  rewriteCorpusView(corpus: CorpusView, args?: BatchArgs): Promise<BatchOutcome | undefined>;
}

/** What the batch needs of the Corpus view (src/host/corpus): its index and current filter. */
export interface CorpusView {
  service: { current?: { documents(): CorpusDocument[] }; ensureIndex(): Promise<unknown>; folder?: vscode.WorkspaceFolder };
  tree: { filter: CorpusFilter };
}

function isArgs(x: unknown): x is BatchArgs {
  return !!x && typeof x === 'object' && !(x instanceof vscode.Uri) && !Array.isArray(x);
}

export function createBatchFeatures(context: vscode.ExtensionContext): BatchFeatures {
  const runner = new BatchRunner(context);
  const queue = new ReviewQueue(context);
  context.subscriptions.push(queue);
  // Keyboard-driven review: after each decision in the review panel, the queue opens the next pending item.
  context.subscriptions.push(onDecided((e) => queue.onDecided({ rewriteId: e.record.rewriteId, decision: e.decision })));
  return {
    queue,
    rewrite: (clicked, selected) => {
      if (isArgs(clicked)) return runner.start(undefined, undefined, clicked);
      if (isArgs(selected)) return runner.start(clicked, undefined, selected);
      return runner.start(clicked, selected);
    },
    resume: (args) => runner.resume(args),
    cancel: () => {
      const n = runningBatches.size;
      for (const c of runningBatches.values()) c.abort();
      return n;
    },
    offerResume: (opts) => offerResume(runner, opts),
    exportBatch: (clicked, selected) => exportBatch(runner, clicked, selected),
    importResults: (args) => importResults(args),
    rewriteCorpusView: async (corpus, args = {}) => {
      await corpus.service.ensureIndex();
      const docs = (corpus.service.current?.documents() ?? []).filter((d) => matchesFilter(d, corpus.tree.filter));
      const paths = [...new Set(docs.filter((d) => d.format !== 'jsonl').map((d) => d.path))];
      const records = docs.filter((d) => d.format === 'jsonl').length;
      if (records) log().info(`batch from the Corpus view: ${records} JSONL record(s) left out (rewrite a JSONL file as a jobs file instead)`);
      if (!paths.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The Corpus view shows no text file to rewrite.'));
        return undefined;
      }
      const f = formatFilter(corpus.tree.filter);
      return runner.start(undefined, undefined, { ...args, paths, origin: f ? vscode.l10n.t('Corpus view ({0})', f) : vscode.l10n.t('Corpus view') });
    },
  };
}
