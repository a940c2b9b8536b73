// The machine's PC/SC service through the pcsclite binding, for the card worker and the CLI's card
// commands (their tests pass their own factory: the in-process virtual card). Loaded on demand: in the
// app only the card process loads the binding, so a crash in it ends that process, not the app.
import type { PcscPort } from '../src/pcsc/port.ts';
import { AppError } from '../src/contract/errors.ts';
import { isPcscError } from '../src/pcsc/errors.ts';

export type PortFactory = () => Promise<PcscPort>;

export const machinePort: PortFactory = async () => {
  try {
    const { createPcscLitePort } = await import('../native/pcsclite/pcsclite-port.ts');
    return createPcscLitePort();
  } catch (error) {
    if (isPcscError(error)) throw error;
    throw new AppError('PCSC_UNAVAILABLE', `the PC/SC binding cannot load: ${(error as Error).message}`);
  }
};
