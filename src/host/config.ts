// Typed access to the extension's settings (all under "corpusCurator.").
import { isPresetName, type PresetName } from '../core/corpus/filters/presets';
import * as vscode from 'vscode';
import { TEACHER_DEFAULTS as D } from '../core/llm/defaults';
import { DEFAULT_TOKENIZER, isTokenizerId, type TokenizerId } from '../core/text/tokenizers';

export interface CuratorConfig {
  baseUrl: string;
  model: string;
  temperature: number;
  maxOutputTokens: number;
  requestTimeoutSeconds: number;
  maxRetries: number;
  concurrency: number;
  chunkTokens: number;
  outputFolder: string;
  openResultBeside: boolean;
}

export function readConfig(scope?: vscode.Uri): CuratorConfig {
  const c = vscode.workspace.getConfiguration('corpusCurator', scope);
  return {
    baseUrl: c.get<string>('baseUrl', D.baseUrl).trim() || D.baseUrl,
    model: c.get<string>('model', D.model).trim() || D.model,
    temperature: c.get<number>('temperature', D.temperature),
    maxOutputTokens: c.get<number>('maxOutputTokens', D.maxOutputTokens),
    requestTimeoutSeconds: c.get<number>('requestTimeoutSeconds', D.requestTimeoutSeconds),
    maxRetries: c.get<number>('maxRetries', D.maxRetries),
    concurrency: Math.max(1, c.get<number>('concurrency', 4)),
    chunkTokens: c.get<number>('chunkTokens', 2000),
    outputFolder: c.get<string>('outputFolder', '').trim(),
    openResultBeside: c.get<boolean>('openResultBeside', true),
  };
}

/** The filter preset the Corpus view, the statistics and the mix export apply (`corpusCurator.corpus.filterPreset`); undefined: none. */
export function readFilterPreset(scope?: vscode.Uri): PresetName | undefined {
  const p = vscode.workspace.getConfiguration('corpusCurator', scope).get<string>('corpus.filterPreset');
  return p && isPresetName(p) ? p : undefined;
}

/** The tokenizer that token counts, shares and cost figures use (`corpusCurator.tokenizer`). */
export function readTokenizerSetting(scope?: vscode.Uri): TokenizerId {
  const t = vscode.workspace.getConfiguration('corpusCurator', scope).get<string>('tokenizer');
  return isTokenizerId(t) ? t : DEFAULT_TOKENIZER;
}
