// Shard records (a JSONL line, a Parquet row) as read-only documents of their own: `curator-record:` URIs
// whose path is the record ref `<shard>:<n>` (core/corpus/record-ref.ts). The Corpus view and search open
// records of compressed and Parquet shards this way; Rewrite and Review take them as they take files.
import * as vscode from 'vscode';
import { formatRecordRef, parseRecordRef, primeRecord } from '../core/corpus/record-ref';
import { errorMessage } from '../core/util/errors';

export const RECORD_SCHEME = 'curator-record';
export const RECORD_LANGUAGE = 'corpus-record';

/** The text field setting for a shard (corpusCurator.corpus.jsonlTextField). */
export function recordTextField(scope?: vscode.Uri): string {
  return (vscode.workspace.getConfiguration('corpusCurator.corpus', scope).get<string>('jsonlTextField') ?? 'text').trim() || 'text';
}

/** The read-only document of record `line` (1-based line or row) of the shard at `absPath`. */
export function recordUri(absPath: string, line: number): vscode.Uri {
  return vscode.Uri.from({ scheme: RECORD_SCHEME, path: formatRecordRef(vscode.Uri.file(absPath).path, line) });
}

/** The record ref (absolute file path + `:n`) of a record document; undefined for any other URI. */
export function recordRefOf(uri: vscode.Uri): { ref: string; file: vscode.Uri } | undefined {
  if (uri.scheme !== RECORD_SCHEME) return undefined;
  const r = parseRecordRef(uri.path);
  if (!r) return undefined;
  const file = vscode.Uri.file(r.path);
  return { ref: formatRecordRef(file.fsPath, r.line), file };
}

/** A file path, or a record ref `<shard>:<n>`, as the URI that opens it. */
export function documentUri(pathOrRef: string): vscode.Uri {
  const r = parseRecordRef(pathOrRef);
  return r ? recordUri(r.path, r.line) : vscode.Uri.file(pathOrRef);
}

/** Opens a record in a read-only editor (language corpus-record: words wrap, as in a text file of prose). */
export async function showRecord(absPath: string, line: number, opts: vscode.TextDocumentShowOptions = { preview: true }): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(recordUri(absPath, line));
  const typed = doc.languageId === RECORD_LANGUAGE ? doc : await vscode.languages.setTextDocumentLanguage(doc, RECORD_LANGUAGE);
  return vscode.window.showTextDocument(typed, opts);
}

export class RecordDocumentProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const r = recordRefOf(uri);
    if (!r) return '';
    try {
      return await primeRecord(r.ref, recordTextField(r.file));
    } catch (e) {
      throw new Error(vscode.l10n.t('Cannot read {0}: {1}', r.ref, errorMessage(e)));
    }
  }
}
