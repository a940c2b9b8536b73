// Our own small addon (native/pcsclite/card-handle, built by `npm ci`'s install step): one PC/SC card
// connection per handle, with SCardBeginTransaction/SCardEndTransaction, which the `pcsclite` package
// lacks. The package still watches readers and cards; every connection to a card goes through here.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

/** An SCardConnect handle (an opaque native object; released by disconnect or the garbage collector). */
export type NativeCardHandle = { readonly __brand: 'NativeCardHandle' };

/** Every call rejects with an Error whose message ends in "(0x8010xxxx)" (see pcsc-error-codes.ts). */
export interface CardHandleBinding {
  connect(reader: string, share: number, protocols: number): Promise<{ handle: NativeCardHandle; protocol: number; atr: Buffer }>;
  transmit(handle: NativeCardHandle, command: Buffer): Promise<Buffer>;
  control(handle: NativeCardHandle, code: number, data: Buffer): Promise<Buffer>;
  beginTransaction(handle: NativeCardHandle): Promise<void>;
  endTransaction(handle: NativeCardHandle, disposition: number): Promise<void>;
  disconnect(handle: NativeCardHandle, disposition: number): Promise<void>;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_LEAVE_CARD: number;
  readonly SCARD_RESET_CARD: number;
  readonly SCARD_UNPOWER_CARD: number;
}

/**
 * The compiled addon. Both this file (native/pcsclite) and the app's bundle (dist/electron) sit two
 * folders below the app's root, so one relative path finds it in the source tree and in the package.
 */
export const CARD_HANDLE_ADDON = resolve(import.meta.dirname, '../../native/pcsclite/card-handle/build/Release/card_handle.node');

/** Loads the addon. Throws (a plain Error naming the file) when it is not built on this machine. */
export function loadCardHandleBinding(): CardHandleBinding {
  return createRequire(import.meta.url)(CARD_HANDLE_ADDON) as CardHandleBinding;
}
