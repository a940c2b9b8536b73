// Which PC/SC service the card commands use: the machine's (through the pcsclite binding). Tests pass
// their own factory (the in-process virtual card).
import type { PcscPort } from '../../src/pcsc/port.ts';
import { AppError } from '../../src/contract/errors.ts';
import { isPcscError } from '../../src/pcsc/errors.ts';

export type PortFactory = () => Promise<PcscPort>;

export const machinePort: PortFactory = async () => {
  try {
    const { createPcscLitePort } = await import('../../native/pcsclite/pcsclite-port.ts');
    return createPcscLitePort();
  } catch (error) {
    if (isPcscError(error)) throw error;
    throw new AppError('PCSC_UNAVAILABLE', `the PC/SC binding cannot load: ${(error as Error).message}`);
  }
};
