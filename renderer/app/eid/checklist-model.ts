// The eID checklist as data: from the reader monitor's overview and the card summary to four steps,
// each passing, failing with an error code, or waiting. Pure, so every state is testable without React.
import type { CardSummary, CompanionState, Reader, ReaderOverview } from '../../../src/contract/bridge.ts';
import type { AppErrorData, ErrorCode } from '../../../src/contract/errors.ts';
import type { StepStatus } from '../components/status-mark.tsx';

export type StepId = 'service' | 'reader' | 'card' | 'holder';

export interface ChecklistStep {
  id: StepId;
  status: StepStatus;
  /** Set when the step fails or waits for the user: the text and fix come from the errors namespace. */
  code?: ErrorCode;
}

export type SummaryState =
  | { kind: 'none' }
  | { kind: 'loading' }
  | { kind: 'loaded'; summary: CardSummary }
  | { kind: 'failed'; error: AppErrorData };

export interface Checklist {
  steps: ChecklistStep[];
  /** The reader the login will use. */
  reader: Reader | null;
  /** True when every step passed and the user may log in. */
  ready: boolean;
}

/** The reader to use: one with a Belgian eID first, else one with any card, else the first one. */
export function chooseReader(readers: readonly Reader[]): Reader | null {
  return (
    readers.find((r) => r.card?.type === 'belgian-eid' && r.state === 'card') ??
    readers.find((r) => r.state !== 'empty') ??
    readers[0] ??
    null
  );
}

function cardStep(reader: Reader | null): ChecklistStep {
  if (!reader) return { id: 'card', status: 'pending' };
  switch (reader.state) {
    case 'empty':
      return { id: 'card', status: 'wait', code: 'CARD_NONE' };
    case 'in-use':
      return { id: 'card', status: 'fail', code: 'CARD_IN_USE' };
    case 'unresponsive':
      return { id: 'card', status: 'fail', code: 'CARD_UNRESPONSIVE' };
    case 'card':
      if (!reader.card) return { id: 'card', status: 'busy' };
      return reader.card.type === 'belgian-eid' ? { id: 'card', status: 'pass' } : { id: 'card', status: 'fail', code: 'CARD_UNKNOWN' };
  }
}

function holderStep(summary: SummaryState): ChecklistStep {
  switch (summary.kind) {
    case 'none':
      return { id: 'holder', status: 'pending' };
    case 'loading':
      return { id: 'holder', status: 'busy' };
    case 'failed':
      return { id: 'holder', status: 'fail', code: summary.error.code };
    case 'loaded': {
      const { status } = summary.summary.authCertificate;
      if (status === 'expired') return { id: 'holder', status: 'fail', code: 'CERT_EXPIRED' };
      if (status === 'not-yet-valid') return { id: 'holder', status: 'fail', code: 'CERT_NOT_YET_VALID' };
      return { id: 'holder', status: 'pass' };
    }
  }
}

export function buildChecklist(overview: ReaderOverview | null, summary: SummaryState): Checklist {
  if (!overview) {
    return { steps: (['service', 'reader', 'card', 'holder'] as const).map((id) => ({ id, status: 'busy' })), reader: null, ready: false };
  }
  const service: ChecklistStep = overview.service === 'ok' ? { id: 'service', status: 'pass' } : { id: 'service', status: 'fail', code: 'PCSC_UNAVAILABLE' };
  if (service.status === 'fail') {
    return { steps: [service, { id: 'reader', status: 'pending' }, { id: 'card', status: 'pending' }, { id: 'holder', status: 'pending' }], reader: null, ready: false };
  }
  const reader = chooseReader(overview.readers);
  const readerStep: ChecklistStep = reader ? { id: 'reader', status: 'pass' } : { id: 'reader', status: 'fail', code: 'READER_NONE' };
  let card = cardStep(reader);
  // A blocked PIN makes the card itself unusable for a login: its line says so (never "OK").
  if (card.status === 'pass' && summary.kind === 'loaded' && summary.summary.pin.blocked) card = { id: 'card', status: 'fail', code: 'PIN_BLOCKED' };
  const holder = card.status === 'pass' || card.code === 'PIN_BLOCKED' ? holderStep(summary) : ({ id: 'holder', status: 'pending' } as const);
  const steps = [service, readerStep, card, holder];
  return { steps, reader, ready: steps.every((s) => s.status === 'pass') };
}

/** The companion's own error (phase "error") wins over what the checklist derives. */
export function companionError(state: CompanionState | null): AppErrorData | null {
  return state?.phase === 'error' ? state.error : null;
}

/** The first step that needs the user, for the live region and the fix panel. */
export function firstProblem(checklist: Checklist): ChecklistStep | null {
  return checklist.steps.find((s) => s.status === 'fail' || s.status === 'wait') ?? null;
}
