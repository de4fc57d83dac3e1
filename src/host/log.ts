import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The "Corpus Curator" output channel. Never log API keys or document text. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Corpus Curator', { log: true });
  return channel;
}
