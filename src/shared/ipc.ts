// The message protocol between the extension host and a webview: one typed shape per panel, built on
// these generic envelopes. The webview says `ready` first (the host sends nothing before it); requests
// carry an id and get exactly one response with the same id; notifications carry none.
// This file is imported by both sides (Node host and browser bundle): no Node or vscode imports here.

/** A request the webview makes and awaits: `{kind:'request', id, method, params}`. */
export interface RequestEnvelope<M extends string = string, P = unknown> {
  kind: 'request';
  id: number;
  method: M;
  params: P;
}

export interface ResponseEnvelope<R = unknown> {
  kind: 'response';
  id: number;
  ok: boolean;
  result?: R;
  error?: string;
}

/** A one-way message, either direction: `{kind:'notify', method, params}`. */
export interface NotifyEnvelope<M extends string = string, P = unknown> {
  kind: 'notify';
  method: M;
  params: P;
}

export interface ReadyEnvelope {
  kind: 'ready';
}

export type Envelope = RequestEnvelope | ResponseEnvelope | NotifyEnvelope | ReadyEnvelope;

/** A protocol: for each request method its params and result; for each notification its params. */
export interface Protocol {
  requests: Record<string, { params: unknown; result: unknown }>;
  /** Host → webview notifications. */
  toWebview: Record<string, unknown>;
  /** Webview → host notifications. */
  toHost: Record<string, unknown>;
}

export function isEnvelope(x: unknown): x is Envelope {
  if (!x || typeof x !== 'object') return false;
  const k = (x as { kind?: unknown }).kind;
  return k === 'request' || k === 'response' || k === 'notify' || k === 'ready';
}
