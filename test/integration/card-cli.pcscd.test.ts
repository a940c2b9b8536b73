// `eid-companion readers --json` and `card --json` as a user runs them (the real binary, the pcsclite
// binding, pcscd + vpcd + the virtual card). The process must also exit on its own.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ensurePcscd, pcscdInstalled, PCSCD_MISSING, VPCD_PORTS, VPCD_READERS } from '../support/pcscd.ts';
import { attachToVpcd } from '../../native/vpcd/index.ts';
import { createVirtualCard } from '../../src/virtual-card/index.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/eid-companion.js');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe.skipIf(!pcscdInstalled())('eid-companion readers / card through pcscd', () => {
  for (const profile of ['1.7', '1.8'] as const) {
    it(`${profile}: readers --json and card --json`, async () => {
      await ensurePcscd();
      const card = await createVirtualCard({ profile, seed: `cli-pcscd-${profile}` });
      const reader = VPCD_READERS[0];
      // Attached directly (no PC/SC client in this worker): the commands run in their own processes.
      const attachment = await attachToVpcd(card, { port: VPCD_PORTS[0] });
      try {
        await attachment.poweredUp;
        const readers = await cli('readers', '--json');
        expect(readers.code).toBe(0);
        const listed = JSON.parse(readers.stdout) as { service: string; readers: Array<{ name: string; card: unknown }> };
        expect(listed.service).toBe('ok');
        expect(listed.readers.find((r) => r.name === reader)?.card).toEqual({
          atr: Buffer.from(card.atr).toString('hex').toUpperCase(),
          type: 'belgian-eid',
          applet: profile,
        });
        const read = await cli('card', '--reader', reader, '--json');
        expect(read.code).toBe(0);
        const report = JSON.parse(read.stdout);
        expect(report).toMatchObject({
          applet: profile,
          identity: { surname: card.holder.surname, nationalNumber: '[redacted]' },
          address: '[redacted]',
          dataSignatures: { identity: { valid: true }, address: { valid: true }, photo: { valid: true } },
          pin: { blocked: false },
        });
        expect(read.stdout).not.toContain(card.holder.nationalNumber);
      } finally {
        await attachment.detach();
      }
    });
  }

  it('card on an empty reader: CARD_NONE, exit 1', async () => {
    const result = await cli('card', '--reader', 'Virtual PCD 00 01', '--json');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CARD_NONE');
  });
});

if (!pcscdInstalled()) {
  describe('eid-companion card commands through pcscd (absent)', () => {
    it.skip(PCSCD_MISSING, () => {});
  });
}
