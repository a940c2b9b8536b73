// What a diagnosis needs from the program that runs it (the card worker, or the CLI's `diagnose`): the
// OS probes, this app's version, the environment and the roots the card's chain must reach. Built here
// once for both.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../src/contract/errors.ts';
import type { DiagnosisHost } from '../src/card-service/index.ts';
import { loadTrustAnchorDirectory } from '../src/trust/index.ts';
import { createPlatformProbe } from '../native/platform/platform-probe.ts';
import { APP_VERSION } from './version.ts';

/** The bundled Belgian roots (written by `npm run trust:fetch`), when this build has them. */
const BUNDLED_ANCHORS = resolve(import.meta.dirname, '../build/trust-anchors');

/** `trustFiles`: PEM files to use instead of the bundled roots (the CLI's `--trust`). */
export async function diagnosisHost(env: Readonly<Record<string, string | undefined>>, trustFiles: readonly string[] = []): Promise<DiagnosisHost> {
  return {
    platform: createPlatformProbe(),
    fetch: globalThis.fetch,
    now: () => new Date(),
    appVersion: APP_VERSION,
    env,
    trustedRoots: await trustedRoots(trustFiles),
  };
}

async function trustedRoots(files: readonly string[]): Promise<string[]> {
  if (files.length > 0) return Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => { throw new AppError('INVALID_ARGUMENT', `cannot read ${file}`); })));
  if (!existsSync(BUNDLED_ANCHORS)) return [];
  const result = await loadTrustAnchorDirectory(BUNDLED_ANCHORS, { mode: 'production' });
  return result.ok ? result.anchors.map((anchor) => anchor.certificate.toString()) : [];
}
