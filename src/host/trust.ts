// Workspace Trust (package.json: capabilities.untrustedWorkspaces "limited"). In Restricted Mode the
// corpus can be browsed, searched and reviewed, but no request goes to a model and no batch runs: a
// workspace's settings choose the endpoint the API key is sent to, so they are not followed until trusted.
import * as vscode from 'vscode';

export type TrustedAction = 'model' | 'batch';

/** True in a trusted workspace; otherwise says why the action waits and offers to manage trust. */
export function requireTrust(action: TrustedAction): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const msg =
    action === 'batch'
      ? vscode.l10n.t('Batches do not run in Restricted Mode: trust this workspace first. Its settings choose the endpoint that receives your API key and documents.')
      : vscode.l10n.t('No model requests in Restricted Mode: trust this workspace first. Its settings choose the endpoint that receives your API key and documents.');
  void vscode.window.showWarningMessage(msg, manage).then((c) => {
    if (c === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
