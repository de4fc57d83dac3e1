// The HTML shell of every webview: a strict Content-Security-Policy with a fresh nonce, only local
// resources (the built bundle, codicons, our stylesheet), no inline script but the nonce'd bundle.
// Document text is never put into this HTML: it travels as data in messages and is inserted as text.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

/** Options for a panel: only the built webview folder and media are readable by it. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    retainContextWhenHidden: false,
  };
}

export interface ShellOptions {
  /** Bundle name: dist/webview/<name>.js (and <name>.css when it exists). */
  bundle: string;
  title: string;
  /** The UI language for the webview's own strings (e.g. "zh-cn"). */
  lang: string;
  /** Initial state serialised into a data attribute (JSON, HTML-escaped): small, never document text. */
  boot?: unknown;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, o: ShellOptions): string {
  const n = nonce();
  const asset = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${n}'`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttr(o.title)}</title>
<link rel="stylesheet" href="${asset('dist', 'webview', 'codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset('media', `${o.bundle}.css`)}">
</head>
<body data-boot="${escapeAttr(JSON.stringify(o.boot ?? {}))}" data-lang="${escapeAttr(o.lang)}">
<div id="app" role="main"></div>
<script nonce="${n}" src="${asset('dist', 'webview', `${o.bundle}.js`)}"></script>
</body>
</html>`;
}
