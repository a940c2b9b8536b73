// The bridge over the web host's WebSocket (development and browser tests). Same EidBridge surface
// as window.eid in Electron. Calls made before the socket opens wait for it; when the socket drops,
// pending calls fail with a typed error and the client reconnects so the page survives a host restart.
import {
  AppError,
  callMessageSchema,
  parseFrame,
  serverMessageSchema,
  WEB_BRIDGE_PATH,
  WEB_TOKEN_PARAM,
  type BridgeResponse,
  type EidBridge,
  type EventName,
  type EventPayload,
  type MethodArgs,
  type MethodName,
} from '../../src/contract/index.ts';

/**
 * The part of a WebSocket the client uses: the browser's, or the `ws` package's in Node tests. Listeners
 * rather than `on…` properties, so both fit without the DOM's event types (Node has no CloseEvent).
 */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}
export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/** ws://host/bridge?token=… for a page served by the web host at `pageUrl`. */
export function bridgeUrlFor(pageUrl: string): string | null {
  const page = new URL(pageUrl);
  const token = page.searchParams.get(WEB_TOKEN_PARAM);
  if (!token) return null;
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}${WEB_BRIDGE_PATH}?${WEB_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

export function createWebSocketBridge(url: string, open: SocketFactory): EidBridge & { close(): void } {
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let closed = false;
  const pending = new Map<number, (response: BridgeResponse<MethodName>) => void>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const failAll = (message: string) => {
    const error = new AppError('INTERNAL', message).toJSON();
    for (const resolve of pending.values()) resolve({ ok: false, error });
    pending.clear();
    queue.length = 0;
  };

  const connect = () => {
    const ws = open(url);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      for (const frame of queue.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      const message = parseFrame(serverMessageSchema, event.data);
      if (!message) return;
      if (message.type === 'result') {
        const resolve = pending.get(message.id);
        pending.delete(message.id);
        resolve?.(message.response as BridgeResponse<MethodName>);
      } else {
        for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      }
    });
    ws.addEventListener('error', () => undefined); // 'close' follows and handles it
    ws.addEventListener('close', () => {
      socket = null;
      failAll('bridge connection lost');
      if (closed) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)];
      setTimeout(connect, delay);
    });
  };
  connect();

  return {
    call<M extends MethodName>(method: M, args: MethodArgs<M>): Promise<BridgeResponse<M>> {
      const id = nextId++;
      const frame = JSON.stringify(callMessageSchema.parse({ type: 'call', id, method, args }));
      return new Promise((resolve) => {
        pending.set(id, resolve as (response: BridgeResponse<MethodName>) => void);
        if (socket && socket.readyState === OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
