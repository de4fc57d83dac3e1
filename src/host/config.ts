// Typed access to the extension's settings (all under "corpusCurator.").
import * as vscode from 'vscode';

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
    baseUrl: c.get<string>('baseUrl', 'https://api.openai.com/v1').trim() || 'https://api.openai.com/v1',
    model: c.get<string>('model', 'gpt-4o-mini').trim() || 'gpt-4o-mini',
    temperature: c.get<number>('temperature', 0.7),
    maxOutputTokens: c.get<number>('maxOutputTokens', 4096),
    requestTimeoutSeconds: c.get<number>('requestTimeoutSeconds', 120),
    maxRetries: c.get<number>('maxRetries', 4),
    concurrency: Math.max(1, c.get<number>('concurrency', 4)),
    chunkTokens: c.get<number>('chunkTokens', 2000),
    outputFolder: c.get<string>('outputFolder', '').trim(),
    openResultBeside: c.get<boolean>('openResultBeside', true),
  };
}
