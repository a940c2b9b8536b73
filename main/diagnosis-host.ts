// What a diagnosis needs from the program that runs it (the card worker, or the CLI's `diagnose`): the
// OS probes, this app's version, the environment and the roots the card's chain must reach. Built here
// once for both.
import { readFile } from 'node:fs/promises';
import { AppError } from '../src/contract/errors.ts';
import type { DiagnosisHost } from '../src/card-service/index.ts';
import { bundledRootCertificates } from '../src/trust/index.ts';
import { createPlatformProbe } from '../native/platform/platform-probe.ts';
import { APP_VERSION } from './version.ts';

/** The roots a card's chain must reach: PEM files (the CLI's `--trust`), or else the app's trust anchors folder. */
export interface DiagnosisRoots {
  readonly trustFiles?: readonly string[];
  readonly anchorDirectory?: string | undefined;
}

export async function diagnosisHost(env: Readonly<Record<string, string | undefined>>, roots: DiagnosisRoots): Promise<DiagnosisHost> {
  return {
    platform: createPlatformProbe(),
    fetch: globalThis.fetch,
    now: () => new Date(),
    appVersion: APP_VERSION,
    env,
    trustedRoots: await trustedRoots(roots),
  };
}

async function trustedRoots({ trustFiles = [], anchorDirectory }: DiagnosisRoots): Promise<string[]> {
  if (trustFiles.length > 0) return Promise.all(trustFiles.map((file) => readFile(file, 'utf8').catch(() => { throw new AppError('INVALID_ARGUMENT', `cannot read ${file}`); })));
  return anchorDirectory ? bundledRootCertificates(anchorDirectory) : [];
}
