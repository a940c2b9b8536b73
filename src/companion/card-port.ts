// What the companion needs from the card side. The card process (main/card-process) implements it
// over RPC so a crash of the native PC/SC binding cannot take the window down; tests implement it in
// memory. Everything crossing it is plain data; every failure is an AppError with a card/PIN code.
import type { CardSummary, ReaderOverview } from '../contract/bridge.ts';

export type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** The PIN as bytes (ASCII digits, zeroed by the sender after use), or the reader's PIN pad. */
export type PinEntry = { readonly kind: 'digits'; readonly pin: Uint8Array } | { readonly kind: 'pin-pad' };

export interface PinStatus {
  readonly triesLeft: number | null;
  readonly blocked: boolean;
}

export type CardPortEvent =
  | { readonly type: 'readers'; readonly overview: ReaderOverview }
  /** The reader's PIN pad now waits for the user: the UI shows a countdown. */
  | { readonly type: 'pin-pad'; readonly reader: string; readonly timeoutSeconds: number }
  | { readonly type: 'diagnosis-progress'; readonly step: number; readonly total: number; readonly probe: string }
  /** The card process died and is being restarted ('down'), or is back ('up'). */
  | { readonly type: 'process'; readonly status: 'down' | 'up' };

export interface CardPort {
  overview(): Promise<ReaderOverview>;
  summary(reader: string): Promise<CardSummary>;
  /** DER of the authentication certificate (no PIN needed). */
  authCertificate(reader: string): Promise<Uint8Array>;
  pinStatus(reader: string): Promise<PinStatus>;
  /** Verifies the PIN and signs `digest` (a bare hash) with the authentication key in one card session. */
  authenticate(request: { readonly reader: string; readonly pin: PinEntry; readonly digest: Uint8Array; readonly hash: HashName }): Promise<Uint8Array>;
  changePin(request: { readonly reader: string; readonly current: Uint8Array; readonly next: Uint8Array }): Promise<void>;
  /** Runs the helpdesk diagnosis next to the card (it talks to PC/SC); progress comes as events. */
  diagnose(options: { readonly language: 'fr' | 'nl' | 'de' | 'en'; readonly includePersonalData: boolean; readonly backendUrl: string | null }): Promise<Record<string, unknown>>;
  /** Stops the running card operation (a PIN pad wait included); it then fails with CANCELLED. */
  cancel(): Promise<void>;
  on(listener: (event: CardPortEvent) => void): () => void;
}
