// What the companion needs from the card side: the card service's operations (src/card-service/operations.ts),
// plus cancel and events. The card process (main/card-process) implements it over RPC so a crash of the
// native PC/SC binding cannot take the window down; tests implement it in memory. Everything crossing it
// is plain data; every failure is an AppError with a card/PIN code.
import type { ReaderOverview } from '../contract/bridge.ts';
import type { CardOperations } from '../card-service/operations.ts';

export type CardPortEvent =
  | { readonly type: 'readers'; readonly overview: ReaderOverview }
  /** The reader's PIN pad now waits for the user: the UI shows a countdown. */
  | { readonly type: 'pin-pad'; readonly reader: string; readonly timeoutSeconds: number }
  | { readonly type: 'diagnosis-progress'; readonly step: number; readonly total: number; readonly probe: string }
  /** The card process died and is being restarted ('down'), or is back ('up'). */
  | { readonly type: 'process'; readonly status: 'down' | 'up' };

export interface CardPort extends CardOperations {
  /** Stops the running card operation (a PIN pad wait included); it then fails with CANCELLED. */
  cancel(): Promise<void>;
  on(listener: (event: CardPortEvent) => void): () => void;
}
