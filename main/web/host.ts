// The same bridge contract over a WebSocket, for development and browser tests (the Electron binary
// cannot run everywhere). Bound to 127.0.0.1 only; the socket needs the random per-run token
// (compared in constant time) and the page's own Origin, so another site or local user cannot
// drive the companion. Not packaged in the desktop app.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Companion, Dispatch } from '../../src/companion/index.ts';
import { AppError, clientMessageSchema, EVENT_NAMES, MAX_FRAME_BYTES, parseFrame, WEB_BRIDGE_PATH, WEB_TOKEN_PARAM, type BridgeResponse, type MethodName, type ServerMessage } from '../../src/contract/index.ts';
import { contentSecurityPolicy } from '../csp.ts';
import { readStatic, resolveStaticFile } from './static-files.ts';

export interface WebHostOptions {
  readonly companion: Companion;
  readonly dispatch: Dispatch;
  /** The built renderer (renderer/dist). */
  readonly staticDir: string;
  /** 0 = any free port. */
  readonly port?: number;
  /** Fixed token (tests); default: 32 random bytes. */
  readonly token?: string;
  /** A myvivium-eid: link from `eid-companion open` (Electron gets them from the OS instead). */
  readonly onLink: (link: string) => Promise<{ ok: true } | { ok: false; reason: string }>;
}

export interface WebHost {
  readonly port: number;
  readonly token: string;
  /** The address to open, token included. */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  let origin = '';

  const server = createServer((req, res) => void serveStatic(req, res, options.staticDir, origin));
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req, socket, head) => {
    if (!acceptUpgrade(req, expected, origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });

  sockets.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = parseFrame(clientMessageSchema, data.toString());
      if (!message) return;
      if (message.type === 'open-link') {
        void openLink(options, message.link).then((response) => send(ws, { type: 'result', id: message.id, response }));
        return;
      }
      void options.dispatch(message.method, message.args).then((response) => send(ws, { type: 'result', id: message.id, response }));
    });
  });

  const unsubscribe = EVENT_NAMES.map((event) =>
    options.companion.on(event, (payload) => {
      for (const ws of sockets.clients) send(ws, { type: 'event', event, payload });
    }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    port,
    token,
    origin,
    url: `${origin}/?${WEB_TOKEN_PARAM}=${encodeURIComponent(token)}`,
    async close() {
      unsubscribe.forEach((off) => off());
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function openLink(options: WebHostOptions, link: string): Promise<BridgeResponse<MethodName>> {
  const outcome = await options.onLink(link);
  if (outcome.ok) return { ok: true, result: {} } as BridgeResponse<MethodName>;
  return { ok: false, error: new AppError('INVALID_ARGUMENT', `the app refused this link (${outcome.reason})`, { reason: outcome.reason }).toJSON() };
}

function acceptUpgrade(req: IncomingMessage, expected: Buffer, origin: string): boolean {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname !== WEB_BRIDGE_PATH) return false;
  if (req.headers.origin !== origin) return false;
  const given = Buffer.from(url.searchParams.get(WEB_TOKEN_PARAM) ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function send(ws: WebSocket, message: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, origin: string): Promise<void> {
  const headers = {
    'content-security-policy': contentSecurityPolicy({ connect: [origin.replace(/^http/, 'ws')] }),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  const file = await resolveStaticFile(root, new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  if (!file) {
    const missingBuild = (await resolveStaticFile(root, '/index.html')) === null;
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end(missingBuild ? 'The UI is not built: run `npm run build:renderer`, then reload.\n' : 'Not found\n');
    return;
  }
  const { body, type } = await readStatic(file);
  res.writeHead(200, { ...headers, 'content-type': type });
  res.end(req.method === 'HEAD' ? undefined : body);
}
