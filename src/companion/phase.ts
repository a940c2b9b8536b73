// The companion's phase, following the eID Viewer's states: what the readers say, overridden by
// what the companion is doing right now (an operation, its outcome, a card process restart).
import type { CompanionState, ReaderOverview } from '../contract/bridge.ts';
import type { AppErrorData } from '../contract/errors.ts';

export type Activity =
  | { readonly phase: 'reading' | 'read' | 'pin-entry' | 'signing'; readonly reader: string }
  | { readonly phase: 'error'; readonly reader: string | null; readonly error: AppErrorData };

export function phaseOf(overview: ReaderOverview, activity: Activity | null, reconnecting: boolean): CompanionState {
  if (reconnecting) return { phase: 'reconnecting', reader: null, error: null };
  if (activity) return { phase: activity.phase, reader: activity.reader, error: activity.phase === 'error' ? activity.error : null };
  if (overview.service === 'unavailable') return { phase: 'no-service', reader: null, error: null };
  if (overview.readers.length === 0) return { phase: 'no-reader', reader: null, error: null };
  const withCard = overview.readers.find((r) => r.card !== null);
  if (withCard) return { phase: 'card', reader: withCard.name, error: null };
  return { phase: 'ready', reader: overview.readers[0]?.name ?? null, error: null };
}
