// The renderer's one way to reach the companion: window.eid in Electron (set by the preload), else
// the web host's WebSocket, with the per-run token read from the page address (?token=…).
import type { EidBridge } from '../../src/contract/index.ts';
import { bridgeUrlFor, createWebSocketBridge } from './ws-client.ts';

declare global {
  interface Window {
    /** Set by the Electron preload through contextBridge (absent in a plain browser). */
    eid?: EidBridge;
  }
}

let cached: EidBridge | null = null;

export function getBridge(): EidBridge {
  if (cached) return cached;
  if (window.eid) {
    cached = window.eid;
    return cached;
  }
  const url = bridgeUrlFor(window.location.href);
  if (!url) throw new Error('No bridge: open the address printed by `npm run web` (it carries the token).');
  cached = createWebSocketBridge(url, (address) => new WebSocket(address));
  return cached;
}

/** Electron's companion shows a native save dialog; in a browser page the page saves by a download. */
export function hasSaveDialog(): boolean {
  return Boolean(window.eid);
}

export { bridgeUrlFor, createWebSocketBridge } from './ws-client.ts';
export type { SocketFactory, SocketLike } from './ws-client.ts';
