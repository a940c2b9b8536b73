// The strict itsme stand-in (test/support/itsme-stand-in) for an end-to-end test: it registers a backend
// on a port chosen here, which the stack then starts the backend on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../support/free-port.ts';
import { startStandInFor } from '../../support/itsme-stand-in/for-backend.ts';

export interface ItsmeProvider {
  readonly issuer: string;
  /** The port the backend must listen on (the stand-in knows its callback and key set there). */
  readonly backendPort: number;
  /** What the backend needs to use this provider (ITSME_* settings). */
  readonly serverEnv: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startItsmeProvider(): Promise<ItsmeProvider> {
  const backendPort = await freePort();
  const { standIn, serverEnv } = await startStandInFor(`http://127.0.0.1:${backendPort}`, mkdtempSync(join(tmpdir(), 'e2e-itsme-')));
  return { issuer: standIn.issuer, backendPort, serverEnv, stop: () => standIn.stop() };
}
