// How the holder gives the PIN, from the UI down to the reader: typed digits, or the reader's PIN pad
// prompting in the UI's language. One type and one timeout for every layer, so the countdown the UI
// shows and the bTimerOut the reader gets cannot drift apart.
import type { Language } from '../i18n/languages.ts';

/** How long the reader's PIN pad waits for the holder: the UI counts down the same seconds. */
export const PIN_PAD_TIMEOUT_SECONDS = 90;

/** Digits as ASCII bytes (wiped after use), or "let the holder type it on the reader", prompting in `language`. */
export type PinEntry = { readonly kind: 'digits'; readonly pin: Uint8Array } | { readonly kind: 'pin-pad'; readonly language: Language };
