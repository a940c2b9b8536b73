// The bridge over IPC: one invoke channel whose handler checks the sender frame (app://bundle only,
// ELECTRON-NOTES §1 item 17) and then validates and dispatches the call; companion events go out on
// the event channel to the window.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Companion, Dispatch } from '../../src/companion/index.ts';
import { AppError, EVENT_NAMES, IPC_CHANNELS, type BridgeResponse, type MethodName } from '../../src/contract/index.ts';
import { isAppUrl } from './navigation.ts';

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  // Only the window's top frame may call; a sub-frame (or a frame already gone) may not.
  return frame !== null && frame !== undefined && frame.parent === null && isAppUrl(frame.url);
}

export function registerBridgeIpc(ipcMain: IpcMain, dispatch: Dispatch): () => void {
  ipcMain.handle(IPC_CHANNELS.call, async (event, method: unknown, args: unknown): Promise<BridgeResponse<MethodName>> => {
    if (!isTrustedSender(event)) return { ok: false, error: new AppError('INVALID_ARGUMENT', 'call from an untrusted frame').toJSON() };
    return dispatch(method, args);
  });
  return () => ipcMain.removeHandler(IPC_CHANNELS.call);
}

/** Sends every companion event to the window; returns the unsubscribe. */
export function forwardEvents(companion: Companion, contents: () => WebContents | null): () => void {
  const offs = EVENT_NAMES.map((event) =>
    companion.on(event, (payload) => {
      const target = contents();
      if (target && !target.isDestroyed()) target.send(IPC_CHANNELS.event, { event, payload });
    }),
  );
  return () => offs.forEach((off) => off());
}
