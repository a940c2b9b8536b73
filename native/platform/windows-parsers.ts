// Pure parsers for the Windows tools' outputs. `sc` prints its field names in English on every
// Windows language, and the numeric codes never change, so the parsers key on those.
import type { ServiceState, StartType } from '../../src/diagnostics/platform.ts';

/** The number `sc` prints after `FIELD :`; `not-installed` when the service does not exist (error 1060). */
function scNumber(output: string, field: 'STATE' | 'START_TYPE'): string | undefined {
  if (/\b1060\b/.test(output)) return 'not-installed';
  return new RegExp(`^\\s*${field}\\s*:\\s*(\\d+)`, 'm').exec(output)?.[1];
}

/** A service's dwCurrentState, as `sc query` prints it. */
const SERVICE_STATES = new Map<string, ServiceState>([['1', 'stopped'], ['2', 'starting'], ['3', 'stopping'], ['4', 'running'], ['7', 'paused']]);
/** A service's dwStartType, as `sc qc` prints it and the registry value `Start` holds it. */
const START_TYPES = new Map<string, StartType>([['2', 'auto'], ['3', 'manual'], ['4', 'disabled']]);

/** `sc query <service>` → state. A service that does not exist answers error 1060. */
export function parseScQuery(output: string): ServiceState {
  const state = scNumber(output, 'STATE');
  if (state === 'not-installed') return state;
  return SERVICE_STATES.get(state ?? '') ?? 'unknown';
}

/**
 * `sc qc <service>` (+ `sc qtriggerinfo <service>` when given) → start type. SCardSvr is DEMAND_START
 * with a device-arrival trigger by default: it runs only while a reader is plugged in.
 */
export function parseScQc(qc: string, triggerInfo = ''): StartType | 'not-installed' {
  const startType = scNumber(qc, 'START_TYPE');
  if (startType === 'not-installed') return startType;
  const type = START_TYPES.get(startType ?? '') ?? 'unknown';
  return type === 'manual' && /DEVICE INTERFACE ARRIVAL|START SERVICE/i.test(triggerInfo) ? 'manual-triggered' : type;
}

/** The services registry value `Start` when `sc` is unavailable. */
export function startTypeFromRegistry(value: number | null): StartType {
  return START_TYPES.get(String(value)) ?? 'unknown';
}

export interface RegistryKey {
  readonly path: string;
  readonly values: Readonly<Record<string, { readonly type: string; readonly data: string }>>;
}

/** `reg query <key> [/s] [/v name]` → keys with their values. Unknown lines are ignored. */
export function parseRegQuery(output: string): RegistryKey[] {
  const keys: { path: string; values: Record<string, { type: string; data: string }> }[] = [];
  for (const raw of output.split(/\r?\n/)) {
    if (/^HKEY_/i.test(raw)) {
      keys.push({ path: raw.trim(), values: {} });
      continue;
    }
    const value = /^\s{2,}(.+?)\s{2,}(REG_[A-Z_]+)\s{2,}(.*)$/.exec(raw) ?? /^\s{2,}(.+?)\s{2,}(REG_[A-Z_]+)\s*$/.exec(raw);
    const current = keys[keys.length - 1];
    if (value && current) current.values[value[1]!.trim()] = { type: value[2]!, data: (value[3] ?? '').trim() };
  }
  return keys;
}

/** A REG_DWORD's data ("0x4") as a number; null when absent or malformed. */
export function registryDword(key: RegistryKey | undefined, name: string): number | null {
  const entry = key?.values[name];
  if (!entry || entry.type !== 'REG_DWORD') return null;
  const n = Number.parseInt(entry.data, 16);
  return Number.isFinite(n) ? n : null;
}

/**
 * Card names from `reg query HKLM\SOFTWARE\Microsoft\Cryptography\Calais\SmartCards /s` whose ATR
 * (under its mask) matches `isBelgianEidAtr`: the Belgian minidriver registration.
 */
export function eidCardsInCalais(keys: readonly RegistryKey[], isBelgianEidAtr: (atr: Uint8Array) => boolean): string[] {
  const names: string[] = [];
  for (const key of keys) {
    const atr = key.values['ATR'];
    if (!atr || atr.type !== 'REG_BINARY' || !/^([0-9A-Fa-f]{2})+$/.test(atr.data)) continue;
    const bytes = Uint8Array.from(atr.data.match(/../g)!.map((h) => Number.parseInt(h, 16)));
    if (isBelgianEidAtr(bytes)) names.push(key.path.split('\\').pop() ?? key.path);
  }
  return names;
}
