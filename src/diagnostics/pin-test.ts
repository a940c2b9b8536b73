// The optional PIN test, started only by the user: first the tries left (read without spending one)
// and the warning to show, then one VERIFY. The diagnosis itself never asks for the PIN.
import { AppError, isAppError } from '../contract/errors.ts';
import { cardOperation } from '../card/card-errors.ts';
import type { CardConnection, PcscPort } from '../pcsc/port.ts';
import type { CardInspector } from './card-inspector.ts';
import { pickReader } from './probes/readers.ts';
import { profileByAtr } from '../card/card-profile.ts';

export interface PinTestDeps {
  readonly pcsc: PcscPort;
  readonly card: CardInspector;
}

export interface PinTestPreflight {
  readonly triesLeft: number | null;
  /** false when the test must not run (blocked PIN, or one try left: a mistake would block the card). */
  readonly allowed: boolean;
  /** diagnostics namespace key of the warning to show before asking the PIN. */
  readonly warningKey: 'pinTest.warning' | 'pinTest.warningUnknown' | 'pinTest.lastTry' | 'pinTest.blocked';
  readonly params: { readonly tries: number | null };
}

export type PinTestResult =
  | { readonly ok: true; readonly messageKey: 'pinTest.ok' }
  | { readonly ok: false; readonly code: 'PIN_WRONG' | 'PIN_BLOCKED' | 'PIN_FORMAT'; readonly triesLeft: number | null; readonly messageKey: 'pinTest.wrong' | 'pinTest.blocked' };

/** Fails with the app's error codes only (READER_NONE, CARD_IN_USE, PIN_WRONG…). */
function withCard<T>(deps: PinTestDeps, reader: string | undefined, use: (connection: CardConnection) => Promise<T>): Promise<T> {
  return cardOperation(async () => {
    const chosen = pickReader(await deps.pcsc.readers(), (atr) => profileByAtr(atr) !== null, reader);
    if (!chosen) throw new AppError('READER_NONE', 'no reader for the PIN test');
    const connection = await deps.pcsc.connect(chosen.name, { share: 'shared' });
    try {
      return await use(connection);
    } finally {
      await connection.disconnect('leave').catch(() => {});
    }
  });
}

const PIN_OUTCOMES = ['PIN_WRONG', 'PIN_BLOCKED', 'PIN_FORMAT'] as const;
const isPinOutcome = (code: string): code is (typeof PIN_OUTCOMES)[number] => (PIN_OUTCOMES as readonly string[]).includes(code);

export function pinTestPreflight(deps: PinTestDeps, reader?: string): Promise<PinTestPreflight> {
  return withCard(deps, reader, async (connection) => {
    const { triesLeft, blocked } = await deps.card.pinStatus(connection);
    if (blocked) return { triesLeft: 0, allowed: false, warningKey: 'pinTest.blocked', params: { tries: 0 } };
    if (triesLeft === 1) return { triesLeft, allowed: false, warningKey: 'pinTest.lastTry', params: { tries: 1 } };
    return { triesLeft, allowed: true, warningKey: triesLeft === null ? 'pinTest.warningUnknown' : 'pinTest.warning', params: { tries: triesLeft } };
  });
}

/** One VERIFY with the PIN the user typed after seeing the preflight warning. `pin` is wiped. */
export async function runPinTest(deps: PinTestDeps, pin: Uint8Array, reader?: string): Promise<PinTestResult> {
  try {
    return await withCard(deps, reader, async (connection) => {
      await deps.card.verifyPin(connection, pin);
      return { ok: true, messageKey: 'pinTest.ok' } as const;
    });
  } catch (error) {
    if (isAppError(error) && isPinOutcome(error.code)) {
      const tries = error.details?.['triesLeft'];
      const triesLeft = typeof tries === 'number' ? tries : null;
      return { ok: false, code: error.code, triesLeft, messageKey: error.code === 'PIN_BLOCKED' ? 'pinTest.blocked' : 'pinTest.wrong' };
    }
    throw error;
  } finally {
    pin.fill(0);
  }
}
