// The native side of the `pcsclite` package, typed: the part we use to watch readers and cards (card
// connections go through card-handle-binding.ts). We drive its two classes directly instead of the
// package's wrapper: the wrapper re-emits native errors as 'error' events (an unhandled one would end
// the process when pcscd goes away) and hides when the first reader enumeration is complete.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Callback<T extends unknown[]> = (error: Error | null | undefined, ...values: T) => void;

export interface NativeContext {
  /** Starts the reader-list thread; `done` is called with the multi-string of reader names at each change. */
  start(done: Callback<[Buffer]>): void;
  close(): number;
}

export interface NativeReader {
  readonly name: string;
  /** Starts the reader's status thread; `done` is called with SCARD_READERSTATE.dwEventState and the ATR at each change. */
  get_status(done: Callback<[number, Buffer]>): void;
  close(): number;
  /** EventEmitter method the package's wrapper copies onto the prototype; '_end' follows close(). */
  once(event: '_end', listener: () => void): unknown;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_EXCLUSIVE: number;
  readonly SCARD_STATE_MUTE: number;
}

export interface PcscliteBinding {
  readonly PCSCLite: new () => NativeContext;
  readonly CardReader: new (name: string) => NativeReader;
}

/** Loads the compiled addon. Throws (a plain Error) when the package is not built on this machine. */
export function loadBinding(): PcscliteBinding {
  const require = createRequire(import.meta.url);
  // Loading the package first gives CardReader the EventEmitter methods the addon calls ("_end").
  const main = require.resolve('pcsclite');
  require(main);
  return require(join(dirname(main), 'build', 'Release', 'pcsclite.node')) as PcscliteBinding;
}
