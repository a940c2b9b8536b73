// What every probe receives: the dependencies (ports, fetch, clock), the user's options, and the
// state earlier probes found (the reader list, the open card connection), so each probe can still be
// run and tested on its own with a hand-made context.
import type { DiagnosisLanguage, Finding, FindingKey, FindingParams, FindingStatus, FindingValue } from '../contract/diagnosis.ts';
import type { CardConnection, PcscPort, ReaderSnapshot } from '../pcsc/port.ts';
import type { PcscErrorKind } from '../pcsc/errors.ts';
import type { CardIdentification, CardInspector } from './card-inspector.ts';
import type { OsInfo, PlatformProbe, ServiceReport } from './platform.ts';
import type { Redactor } from './redactor.ts';

export interface DiagnosisDeps {
  readonly pcsc: PcscPort;
  readonly platform: PlatformProbe;
  readonly card: CardInspector;
  readonly fetch: typeof globalThis.fetch;
  readonly now: () => Date;
  readonly appVersion: string;
  /** The process environment (remote session, proxy variables). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Root CA certificates (PEM) the card's chain must reach: the bundled Belgian roots. */
  readonly trustedRoots: readonly string[];
}

export interface DiagnosisOptions {
  readonly language: DiagnosisLanguage;
  readonly includePersonalData: boolean;
  /** MyVivium backend base URL; null skips the network probes. */
  readonly backendUrl: string | null;
  /** Reader to examine; default: the first with a card (a Belgian eID first). */
  readonly reader?: string;
}

export type ServiceAnswer = { readonly ok: true; readonly readers: ReaderSnapshot[] } | { readonly ok: false; readonly kind: PcscErrorKind; readonly code: number | null };

export interface ProbeState {
  os?: OsInfo;
  service?: ServiceReport;
  /** What the PC/SC service answered to "list readers". */
  pcsc?: ServiceAnswer;
  reader?: ReaderSnapshot;
  connection?: CardConnection;
  identification?: CardIdentification;
}

export interface ProbeContext {
  readonly deps: DiagnosisDeps;
  readonly options: DiagnosisOptions;
  readonly state: ProbeState;
  readonly redactor: Redactor;
}

export interface Probe {
  /** Step name shown while it runs (diagnostics:probe.<id>). */
  readonly id: string;
  run(context: ProbeContext): Promise<Finding[]>;
}

export function finding(key: FindingKey, status: FindingStatus, detail: string, value: FindingValue = null, params: FindingParams = {}): Finding {
  return { key, status, value, detailKey: `detail.${key}.${detail}`, params };
}

/** The same finding for several keys that an early failure makes impossible to check. */
export function skipped(keys: readonly FindingKey[], reason: string): Finding[] {
  return keys.map((key) => ({ key, status: 'skip', value: null, detailKey: `skip.${reason}`, params: {} }));
}
