// Contract-shaped values the component tests share.
import type { Account, CardSummary, CompanionState, Reader, ReaderOverview } from '../../src/contract/bridge.ts';

export const READER = 'Virtual PCD 00 00';
export const ATR_18 = '3B7F96000080318065B085040120120FFF829000';

export function reader(state: Reader['state'], card: Reader['card'] = null, pinPad = false): Reader {
  return { name: READER, pinPad, state, card };
}

export const eidReader = (applet: '1.7' | '1.8' = '1.8', pinPad = false): Reader =>
  reader('card', { type: 'belgian-eid', applet, atr: ATR_18 }, pinPad);

export function overview(readers: Reader[], service: ReaderOverview['service'] = 'ok'): ReaderOverview {
  return { service, readers };
}

export const idleState: CompanionState = { phase: 'ready', reader: READER, error: null };

export function summary(overrides: Partial<CardSummary> = {}): CardSummary {
  return {
    reader: READER,
    applet: '1.8',
    holder: { givenNames: 'Alice', surname: 'SPECIMEN' },
    authCertificate: { notBefore: '2024-01-01T00:00:00Z', notAfter: '2034-01-01T00:00:00Z', status: 'valid' },
    pin: { triesLeft: 3, blocked: false },
    pinPad: false,
    ...overrides,
  };
}

export const newAccount: Account = { displayName: 'Alice SPECIMEN', needsOnboarding: true };
export const onboardedAccount: Account = { displayName: 'Alice SPECIMEN', email: 'alice@example.be', needsOnboarding: false };
