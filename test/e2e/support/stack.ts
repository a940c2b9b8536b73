// One test's world: the reference backend (SQLite, dev outbox) trusting a test PKI, and the web host
// talking to it — with either the machine's pcscd (cards attached through vpcd by the test) or an
// in-process virtual card. Everything is started per test file and stopped after it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../../src/test-pki/test-pki.ts';
import { startServer, type ServerHandle } from '../../support/server.ts';
import type { ItsmeProvider } from './itsme-provider.ts';
import { startWebProcess, type WebProcess } from './web-process.ts';

export const ORIGIN = 'https://myvivium.test';
/** The seed the web host's in-process virtual card uses (main/config.ts DEMO_SEED). */
const IN_PROCESS_SEED = 'eid-companion-demo';

export interface Stack {
  readonly pki: TestPki;
  readonly server: ServerHandle;
  readonly web: WebProcess;
  stop(): Promise<void>;
}

interface BackendOptions {
  readonly card: 'pcscd' | '1.7' | '1.8';
  readonly itsme?: ItsmeProvider;
  readonly serverEnv?: Readonly<Record<string, string>>;
}

/** The reference backend alone, trusting the test PKI of that card: for a test that needs no app. */
export async function startBackend(options: BackendOptions): Promise<{ pki: TestPki; server: ServerHandle }> {
  const pki = await createTestPki({ seed: options.card === 'pcscd' ? 'e2e-pcscd' : IN_PROCESS_SEED });
  const dir = mkdtempSync(join(tmpdir(), 'e2e-trust-'));
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  // Dev mode: the backend serves the portal (handoff page) and itsme's callback at its own address.
  const serverEnv = { ...options.itsme?.serverEnv, ...options.serverEnv };
  const server = await startServer({ trust, origin: ORIGIN, dev: true, env: serverEnv, ...(options.itsme ? { port: options.itsme.backendPort } : {}) });
  return { pki, server };
}

export async function startStack(options: BackendOptions): Promise<Stack> {
  const { pki, server } = await startBackend(options);
  let web: WebProcess;
  try {
    web = await startWebProcess({
      backend: server.url,
      origin: ORIGIN,
      ...(options.card === 'pcscd' ? {} : { virtualCard: options.card }),
      ...(options.itsme ? { itsmeOrigin: options.itsme.issuer } : {}),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    pki,
    server,
    web,
    async stop() {
      await web.stop();
      await server.stop();
    },
  };
}

/** The newest onboarding code the backend "sent" to this address (dev outbox). */
export async function codeSentTo(server: ServerHandle, address: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const entries = await server.outbox();
    const entry = [...entries].reverse().find((e) => e.to === address);
    if (entry) return entry.code;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no code in the outbox for ${address}`);
}

/** The handoff link, checked to lead to the portal of this backend (which serves it in dev mode). */
export function portalAddress(server: ServerHandle, handoffUrl: string): string {
  const link = new URL(handoffUrl);
  if (link.origin !== new URL(server.url).origin || link.pathname !== '/portal/handoff') throw new Error(`the handoff link leaves MyVivium: ${handoffUrl}`);
  return link.toString();
}
