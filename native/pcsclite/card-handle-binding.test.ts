// The compiled card-handle addon's own guards: whatever JavaScript hands it is checked before any
// PC/SC call (a wrong argument is a TypeError, never a crash), and PC/SC failures come back as
// errors with the return code. The real card work is in test/integration/pcsc-transactions.pcscd.test.ts.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CARD_HANDLE_ADDON, loadCardHandleBinding, type NativeCardHandle } from './card-handle-binding.ts';
import { toPcscError } from './pcsc-error-codes.ts';

const built = existsSync(CARD_HANDLE_ADDON);
if (!built) console.warn(`${CARD_HANDLE_ADDON} is not built (npm ci builds it; needs libpcsclite-dev and a C compiler): addon tests skipped`);

describe.skipIf(!built)('card-handle addon', () => {
  const addon = built ? loadCardHandleBinding() : null!;
  const notAHandle = {} as NativeCardHandle;

  it('exports the PC/SC constants of this platform', () => {
    expect(addon.SCARD_SHARE_SHARED).toBe(2);
    expect(addon.SCARD_PROTOCOL_T0).toBe(1);
    expect([addon.SCARD_LEAVE_CARD, addon.SCARD_RESET_CARD, addon.SCARD_UNPOWER_CARD]).toEqual([0, 1, 2]);
  });

  it('refuses wrong arguments with a TypeError before touching PC/SC', () => {
    const call = (f: () => unknown) => {
      try {
        f();
        return 'no error';
      } catch (error) {
        return (error as Error).name;
      }
    };
    const anyAddon = addon as unknown as Record<string, (...args: unknown[]) => unknown>;
    expect(call(() => anyAddon.connect!())).toBe('TypeError');
    expect(call(() => anyAddon.connect!(42, 2, 1))).toBe('TypeError');
    expect(call(() => anyAddon.connect!('', 2, 1))).toBe('TypeError');
    expect(call(() => anyAddon.connect!('x'.repeat(5000), 2, 1))).toBe('TypeError');
    expect(call(() => anyAddon.connect!('Reader', 'shared', 1))).toBe('TypeError');
    expect(call(() => addon.transmit(notAHandle, Buffer.alloc(5)))).toBe('TypeError');
    expect(call(() => anyAddon.transmit!(null, Buffer.alloc(5)))).toBe('TypeError');
    expect(call(() => addon.control(notAHandle, 0x42000d48, Buffer.alloc(0)))).toBe('TypeError');
    expect(call(() => addon.beginTransaction(notAHandle))).toBe('TypeError');
    expect(call(() => addon.endTransaction(notAHandle, 0))).toBe('TypeError');
    expect(call(() => addon.disconnect(notAHandle, 0))).toBe('TypeError');
  });

  it('answers a reader that does not exist with a PC/SC error carrying its return code', async () => {
    const failure = await addon.connect('No Such Reader 00 00', addon.SCARD_SHARE_SHARED, addon.SCARD_PROTOCOL_T0).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    // UnknownReader while pcscd runs; NoService when it does not (or is not installed).
    expect(['UnknownReader', 'NoService']).toContain(toPcscError(failure).kind);
    expect((failure as { code?: number }).code).toBe(toPcscError(failure).code);
  });
});
