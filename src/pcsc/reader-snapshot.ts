// Comparing reader states: the one definition of "something changed" for ports and the monitor.
import type { ReaderSnapshot } from './port.ts';

export function sameSnapshot(a: ReaderSnapshot, b: ReaderSnapshot): boolean {
  return (
    a.name === b.name &&
    a.present === b.present &&
    a.exclusive === b.exclusive &&
    a.mute === b.mute &&
    (a.cardEvents ?? null) === (b.cardEvents ?? null) &&
    sameBytes(a.atr, b.atr)
  );
}

export function sameSnapshots(a: readonly ReaderSnapshot[], b: readonly ReaderSnapshot[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((snapshot) => {
    const other = b.find((x) => x.name === snapshot.name);
    return other !== undefined && sameSnapshot(snapshot, other);
  });
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
