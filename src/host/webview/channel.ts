// Host side of the typed webview protocol: waits for `ready`, answers requests by id, sends notifications.
import * as vscode from 'vscode';
import { isEnvelope, type Protocol, type RequestEnvelope, type ResponseEnvelope } from '../../shared/ipc';
import { errorMessage } from '../../core/util/errors';

type Handlers<P extends Protocol> = {
  [M in keyof P['requests']]: (params: P['requests'][M]['params']) => Promise<P['requests'][M]['result']> | P['requests'][M]['result'];
};
type NotifyHandlers<P extends Protocol> = { [M in keyof P['toHost']]?: (params: P['toHost'][M]) => void };

export class HostChannel<P extends Protocol> implements vscode.Disposable {
  private readyResolve!: () => void;
  /** Resolves when the webview has said `ready` (again after a reload). */
  ready: Promise<void>;
  private readonly sub: vscode.Disposable;
  private onReadyCallbacks: (() => void)[] = [];

  constructor(
    private readonly webview: vscode.Webview,
    private readonly handlers: Handlers<P>,
    private readonly notifyHandlers: NotifyHandlers<P> = {},
  ) {
    this.ready = new Promise((r) => (this.readyResolve = r));
    this.sub = webview.onDidReceiveMessage((m: unknown) => void this.receive(m));
  }

  /** Called on every `ready` (first load and each reload of the webview). */
  onReady(cb: () => void): void {
    this.onReadyCallbacks.push(cb);
  }

  notify<M extends keyof P['toWebview'] & string>(method: M, params: P['toWebview'][M]): void {
    void this.ready.then(() => this.webview.postMessage({ kind: 'notify', method, params }));
  }

  private async receive(m: unknown): Promise<void> {
    if (!isEnvelope(m)) return;
    if (m.kind === 'ready') {
      this.readyResolve();
      for (const cb of this.onReadyCallbacks) cb();
      return;
    }
    if (m.kind === 'notify') {
      const h = (this.notifyHandlers as Record<string, ((p: unknown) => void) | undefined>)[m.method];
      h?.(m.params);
      return;
    }
    if (m.kind !== 'request') return;
    const req = m as RequestEnvelope;
    const h = (this.handlers as Record<string, (p: unknown) => unknown>)[req.method];
    let res: ResponseEnvelope;
    if (!h) res = { kind: 'response', id: req.id, ok: false, error: `unknown method ${req.method}` };
    else {
      try {
        res = { kind: 'response', id: req.id, ok: true, result: await h(req.params) };
      } catch (e) {
        res = { kind: 'response', id: req.id, ok: false, error: errorMessage(e) };
      }
    }
    await this.webview.postMessage(res);
  }

  dispose(): void {
    this.sub.dispose();
  }
}
