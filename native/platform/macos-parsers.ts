// Pure parsers for macOS outputs: `system_profiler SPSmartCardsDataType` (what CryptoTokenKit sees)
// and `defaults read /Library/Preferences/com.apple.security.smartcard` (useIFDCCID, DisabledTokens).

export interface SmartCardsProfile {
  readonly readers: { readonly name: string; readonly atr: string | null }[];
  readonly readerDrivers: { readonly id: string; readonly version: string | null; readonly path: string | null }[];
  readonly tokenDrivers: string[];
}

type Section = 'readers' | 'readerDrivers' | 'tokenDrivers' | 'other';

function sectionOf(title: string): Section {
  const t = title.toLowerCase();
  if (t === 'readers') return 'readers';
  if (t === 'reader drivers') return 'readerDrivers';
  if (t === 'smartcard drivers' || t === 'token drivers') return 'tokenDrivers';
  return 'other';
}

/** Entries look like `#01: <text>` under a section title ending with a colon. */
export function parseSmartCardsProfile(output: string): SmartCardsProfile {
  const profile: SmartCardsProfile = { readers: [], readerDrivers: [], tokenDrivers: [] };
  let section: Section = 'other';
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trim();
    const entry = /^#\d+:\s*(.+)$/.exec(line);
    if (!entry) {
      const title = /^([A-Za-z][A-Za-z ()]*):$/.exec(line);
      if (title) section = sectionOf(title[1]!.trim());
      continue;
    }
    const text = entry[1]!.trim();
    if (section === 'readers') {
      const withAtr = /^(.*?)\s*\(ATR:\s*<([0-9a-fA-F\s]*)>\)\s*$/.exec(text);
      profile.readers.push(withAtr ? { name: withAtr[1]!, atr: withAtr[2]!.replace(/\s+/g, '').toUpperCase() } : { name: text, atr: null });
    } else if (section === 'readerDrivers') {
      const driver = /^([^\s:(]+)(?::(\S+))?\s*(?:\((.*)\))?$/.exec(text);
      profile.readerDrivers.push({ id: driver?.[1] ?? text, version: driver?.[2] ?? null, path: driver?.[3] ?? null });
    } else if (section === 'tokenDrivers') {
      profile.tokenDrivers.push(/^([^\s:(]+)/.exec(text)?.[1] ?? text);
    }
  }
  return profile;
}

export function ifdCcidInstalled(profile: SmartCardsProfile): boolean {
  return profile.readerDrivers.some((d) => /ifd-ccid\.bundle/i.test(d.path ?? '') || (/smartcardccid/i.test(d.id) && !/^com\.apple\./.test(d.id)));
}

export interface SmartCardPreferences {
  readonly useIfdCcid: boolean | null;
  readonly disabledTokens: string[];
}

/**
 * `defaults read` prints an old-style plist: `{ key = value; key = ( "a", "b" ); }`. A missing domain
 * (nothing configured) prints an error and exits 1: that is "nothing set", not a failure.
 */
export function parseSmartCardDefaults(output: string): SmartCardPreferences {
  const flag = /\buseIFDCCID\s*=\s*"?(\w+)"?\s*;/.exec(output)?.[1];
  const useIfdCcid = flag === undefined ? null : flag === '1' || flag.toLowerCase() === 'true' || flag.toLowerCase() === 'yes';
  const list = /\bDisabledTokens\s*=\s*\(([^)]*)\)/.exec(output)?.[1] ?? '';
  const disabledTokens = [...list.matchAll(/"?([A-Za-z0-9._-]+)"?/g)].map((m) => m[1]!).filter((s) => s.includes('.'));
  return { useIfdCcid, disabledTokens };
}
