// Readers: names, and the virtual or TPM readers (Windows Hello for Business, Microsoft Virtual Smart
// Card) that are not card readers but make software pick the wrong slot.
import type { ReaderSnapshot } from '../../pcsc/port.ts';
import { finding, skipped, type Probe } from '../context.ts';

const VIRTUAL_READER = /Windows Hello|Microsoft Virtual Smart ?Card|Virtual Smart ?Card|\bTPM\b/i;

export function isVirtualReader(name: string): boolean {
  return VIRTUAL_READER.test(name);
}

const SERIAL_IN_NAME = /\s*\(([^()]+)\)\s+([0-9A-F]{2}\s+[0-9A-F]{2})$/i;

/**
 * pcsc-lite names a reader "Product (SERIAL) 00 00" when the device reports a USB serial number; like a
 * chip number, it ties a report to one person's device.
 */
export function readerSerial(name: string): string | null {
  return SERIAL_IN_NAME.exec(name)?.[1] ?? null;
}

/** The reader's name without its serial number: the product name, which is public ("Gemalto PC Twin Reader 00 00"). */
export function publicReaderName(name: string): string {
  return name.replace(SERIAL_IN_NAME, ' $2');
}

/** The reader to examine: the one asked for, else a Belgian eID, else any card, else the first real reader. */
export function pickReader(readers: readonly ReaderSnapshot[], isEid: (atr: Uint8Array) => boolean, wanted?: string): ReaderSnapshot | undefined {
  if (wanted) return readers.find((r) => r.name === wanted);
  const real = readers.filter((r) => !isVirtualReader(r.name));
  return real.find((r) => r.atr && isEid(r.atr)) ?? real.find((r) => r.present) ?? real[0];
}

export const readersProbe: Probe = {
  id: 'readers',
  async run({ state, redactor }) {
    const answer = state.pcsc;
    if (!answer?.ok) return skipped(['readers', 'virtualReaders'], 'noService');
    const names = answer.readers.map((r) => r.name);
    for (const name of names) {
      const serial = readerSerial(name);
      if (!serial) continue;
      // A redacted report still names the reader's product, so the helpdesk knows which reader it is.
      redactor.add(name, { replaceWith: publicReaderName(name) });
      redactor.add(serial);
    }
    const virtual = names.filter(isVirtualReader);
    const real = names.filter((n) => !isVirtualReader(n));
    const readers =
      real.length > 0
        ? finding('readers', 'pass', 'found', names, { count: real.length, names: real.join(', ') })
        : virtual.length > 0
          ? finding('readers', 'fail', 'onlyVirtual', names, { names: virtual.join(', ') })
          : finding('readers', 'fail', 'none', []);
    const virtualFinding =
      virtual.length > 0 ? finding('virtualReaders', 'warn', 'present', virtual, { names: virtual.join(', ') }) : finding('virtualReaders', 'pass', 'none');
    return [readers, virtualFinding];
  },
};
