// The helpdesk diagnosis on a PC/SC port, wired once for the card service (the app) and the CLI's
// `diagnose`: the program gives what only it has (DiagnosisHost), the card inspector is the card library.
import type { DiagnosisProgress, DiagnosisReport } from '../contract/diagnosis.ts';
import type { PcscPort } from '../pcsc/port.ts';
import { createCardLibraryInspector } from '../diagnostics/card-library-inspector.ts';
import { runDiagnosis, type DiagnosisDeps, type DiagnosisOptions } from '../diagnostics/run-diagnosis.ts';

/** What a diagnosis needs from the program that runs it: OS probes, version, environment, trusted roots. */
export type DiagnosisHost = Omit<DiagnosisDeps, 'pcsc' | 'card'>;

export function diagnose(
  port: PcscPort,
  host: DiagnosisHost,
  options: DiagnosisOptions,
  onProgress?: (progress: DiagnosisProgress) => void,
): Promise<DiagnosisReport> {
  return runDiagnosis({ ...host, pcsc: port, card: createCardLibraryInspector(port.platform) }, options, onProgress);
}
