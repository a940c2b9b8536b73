// The PcscPort the worker uses: the machine's PC/SC service through the native binding, or an
// in-process virtual card for the demo without a reader.
import type { PcscPort } from '../../src/pcsc/port.ts';
import type { WorkerConfig } from './protocol.ts';
import { machinePort } from '../machine-port.ts';

/** The reader name the demo's in-process virtual card sits in. */
export const DEMO_READER = 'Virtual eID Reader (demo)';

export async function createPcscPort(config: WorkerConfig): Promise<PcscPort> {
  if (config.pcsc.kind === 'native') return machinePort();
  const { createVirtualCard, InProcessPcscPort } = await import('../../src/virtual-card/index.ts');
  const { profile, pin, seed } = config.pcsc;
  const card = await createVirtualCard({ profile, ...(pin ? { pin } : {}), ...(seed ? { seed } : {}) });
  return new InProcessPcscPort({ readers: [{ name: DEMO_READER, card }] });
}
