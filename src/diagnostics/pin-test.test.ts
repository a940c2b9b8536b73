import { describe, expect, it } from 'vitest';
import { createVirtualCard, InProcessPcscPort } from '../virtual-card/index.ts';
import { createCardLibraryInspector } from './card-library-inspector.ts';
import { pinTestPreflight, runPinTest } from './pin-test.ts';

const READER = 'Reader 0';
const digits = (pin: string) => new TextEncoder().encode(pin);

describe('optional PIN test', () => {
  it('warns with the tries left, verifies, and counts a wrong PIN', async () => {
    const card = await createVirtualCard({ profile: '1.8', seed: 'pin-test', pin: '1234' });
    const pcsc = new InProcessPcscPort({ readers: [{ name: READER, card }] });
    const deps = { pcsc, card: createCardLibraryInspector(pcsc.platform) };
    expect(await pinTestPreflight(deps)).toEqual({ triesLeft: 3, allowed: true, warningKey: 'pinTest.warning', params: { tries: 3 } });
    expect(card.triesLeft).toBe(3);
    const pin = digits('1234');
    expect(await runPinTest(deps, pin)).toEqual({ ok: true, messageKey: 'pinTest.ok' });
    expect([...pin].every((b) => b === 0)).toBe(true);
    expect(await runPinTest(deps, digits('9999'))).toMatchObject({ ok: false, code: 'PIN_WRONG', triesLeft: 2 });
    await runPinTest(deps, digits('9999'));
    expect(await pinTestPreflight(deps)).toMatchObject({ allowed: false, warningKey: 'pinTest.lastTry' });
  });

  it('refuses on a blocked PIN', async () => {
    const card = await createVirtualCard({ profile: '1.8', seed: 'pin-test', blocked: true });
    const pcsc = new InProcessPcscPort({ readers: [{ name: READER, card }] });
    expect(await pinTestPreflight({ pcsc, card: createCardLibraryInspector(pcsc.platform) })).toMatchObject({ allowed: false, warningKey: 'pinTest.blocked' });
  });
});
