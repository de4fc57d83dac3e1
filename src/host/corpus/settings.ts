// The corpus settings (corpusCurator.corpus.*), turned into the index's options.
import * as vscode from 'vscode';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE } from '../../core/corpus/index/glob';
import { DEFAULT_TARGET_SYNTHETIC_SHARE } from '../../core/corpus/stats';
import type { ReaderOptions } from '../../core/corpus/model';
import type { TokenizerId } from '../../core/text/tokenizers';
import { readFilterPreset, readTokenizerSetting } from '../config';

export interface CorpusSettings {
  include: string[];
  exclude: string[];
  reader: Omit<ReaderOptions, 'signal'>;
  targetSyntheticShare: number;
  /** corpusCurator.tokenizer: what token counts are measured in. */
  tokenizer: TokenizerId;
  /** A filter preset is chosen: the index computes every document's filter-rule hits (undefined: keep what it has). */
  filterRules: true | undefined;
}

function globs(v: unknown, dflt: string[]): string[] {
  if (!Array.isArray(v)) return dflt;
  const out = v.filter((x): x is string => typeof x === 'string').map((s) => s.trim()).filter(Boolean);
  return out.length ? out : dflt;
}

export function readCorpusSettings(scope?: vscode.Uri): CorpusSettings {
  const c = vscode.workspace.getConfiguration('corpusCurator.corpus', scope);
  const include = globs(c.get('include'), DEFAULT_INCLUDE);
  const exclude = globs(c.get('exclude'), DEFAULT_EXCLUDE);
  // The index lives in .curator/: never index it, whatever the setting says.
  if (!exclude.includes('.curator')) exclude.push('.curator');
  const field = (c.get<string>('jsonlTextField') ?? 'text').trim() || 'text';
  const mb = c.get<number>('maxFileSizeMB') ?? 50;
  let target = c.get<number>('targetSyntheticShare') ?? DEFAULT_TARGET_SYNTHETIC_SHARE;
  if (!(target >= 0 && target <= 1)) target = DEFAULT_TARGET_SYNTHETIC_SHARE;
  return {
    include,
    exclude,
    reader: { textField: field, maxFileBytes: Math.max(1, mb) * 1024 * 1024 },
    targetSyntheticShare: target,
    tokenizer: readTokenizerSetting(scope),
    filterRules: readFilterPreset(scope) ? true : undefined,
  };
}

