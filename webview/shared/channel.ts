// Webview side of the typed protocol: says `ready`, sends requests with ids and awaits their responses,
// receives notifications. `acquireVsCodeApi` is VS Code's; state survives reloads through setState.
import { isEnvelope, type Protocol, type ResponseEnvelope } from '../../src/shared/ipc';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscodeApi: VsCodeApi = acquireVsCodeApi();

export class WebviewChannel<P extends Protocol> {
  private seq = 0;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, ((p: unknown) => void)[]>();

  constructor() {
    window.addEventListener('message', (ev: MessageEvent) => {
      const m: unknown = ev.data;
      if (!isEnvelope(m)) return;
      if (m.kind === 'response') {
        const r = m as ResponseEnvelope;
        const p = this.pending.get(r.id);
        if (!p) return;
        this.pending.delete(r.id);
        if (r.ok) p.resolve(r.result);
        else p.reject(new Error(r.error ?? 'request failed'));
      } else if (m.kind === 'notify') {
        for (const l of this.listeners.get(m.method) ?? []) l(m.params);
      }
    });
  }

  /** Tell the host the webview is listening; call after registering `on` handlers. */
  ready(): void {
    vscodeApi.postMessage({ kind: 'ready' });
  }

  request<M extends keyof P['requests'] & string>(method: M, params: P['requests'][M]['params']): Promise<P['requests'][M]['result']> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      vscodeApi.postMessage({ kind: 'request', id, method, params });
    });
  }

  notify<M extends keyof P['toHost'] & string>(method: M, params: P['toHost'][M]): void {
    vscodeApi.postMessage({ kind: 'notify', method, params });
  }

  on<M extends keyof P['toWebview'] & string>(method: M, fn: (params: P['toWebview'][M]) => void): void {
    const list = this.listeners.get(method) ?? [];
    list.push(fn as (p: unknown) => void);
    this.listeners.set(method, list);
  }
}

/** Creates an element with text content only (document text is never parsed as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return e;
}
