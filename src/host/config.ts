// Typed access to the extension's settings (all under "corpusCurator.").
import * as vscode from 'vscode';
import { TEACHER_DEFAULTS as D } from '../core/llm/defaults';

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
