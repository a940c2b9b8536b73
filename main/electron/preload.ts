// The preload: exposes window.eid = { call, on } through contextBridge and nothing else (no raw
// ipcRenderer, ELECTRON-NOTES §1 item 20). Only contract names pass; listeners never see the
// IpcRendererEvent. Bundled as CommonJS for the sandbox.
import { contextBridge, ipcRenderer } from 'electron';
import { AppError, IPC_CHANNELS, isEventName, isMethodName } from '../../src/contract/index.ts';

export const bridgeApi = {
  call(method: unknown, args: unknown): Promise<unknown> {
    if (!isMethodName(method)) return Promise.resolve({ ok: false, error: new AppError('INVALID_ARGUMENT', 'unknown method').toJSON() });
    return ipcRenderer.invoke(IPC_CHANNELS.call, method, args);
  },
  on(event: unknown, listener: unknown): () => void {
    if (!isEventName(event) || typeof listener !== 'function') throw new TypeError('unknown event or listener');
    const wrapped = (_ipcEvent: unknown, message: { event?: unknown; payload?: unknown }) => {
      if (message?.event === event) (listener as (payload: unknown) => void)(message.payload);
    };
    ipcRenderer.on(IPC_CHANNELS.event, wrapped);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('eid', bridgeApi);
