// The extension's API (what activate() returns, src/host/api.ts): the read-outs the tests use to look inside
// the views and panels.
import * as vscode from 'vscode';
import type { CuratorApi } from '../../../src/host/api';

export async function curator(): Promise<CuratorApi> {
  return (await vscode.extensions.getExtension('corpus-curator.corpus-curator')!.activate()) as CuratorApi;
}
