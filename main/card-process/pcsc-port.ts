// The PcscPort the worker uses: the machine's PC/SC service through the native binding, or an
// in-process virtual card for the demo without a reader. The virtual card is a development and test
// tool: a release bundle (npm run dist) replaces process.env.EID_DEMO_BUILD by "0" at build time, which
// drops the branch below and src/virtual-card with it; only an explicit demo build (EID_DEMO_BUILD=1
// npm run dist) or a development run (npm start, npm run web/demo) has it.
import type { PcscPort } from '../../src/pcsc/port.ts';
import type { WorkerConfig } from './protocol.ts';
import { machinePort } from '../machine-port.ts';
import { AppError } from '../../src/contract/errors.ts';

/** The reader name the demo's in-process virtual card sits in. */
export const DEMO_READER = 'Virtual eID Reader (demo)';

export async function createPcscPort(config: WorkerConfig): Promise<PcscPort> {
  if (config.pcsc.kind === 'native') return machinePort();
  if (process.env.EID_DEMO_BUILD !== '0') {
    const { createVirtualCard, InProcessPcscPort } = await import('../../src/virtual-card/index.ts');
    const { profile, pin, seed } = config.pcsc;
    const card = await createVirtualCard({ profile, ...(pin ? { pin } : {}), ...(seed ? { seed } : {}) });
    return new InProcessPcscPort({ readers: [{ name: DEMO_READER, card }] });
  }
  throw new AppError('INVALID_ARGUMENT', 'this build has no virtual card (only a demo build has one: EID_DEMO_BUILD=1 npm run dist)');
}
