// Removes the holder's personal data from everything a report contains. The identity and certificate
// probes register what they read; the report passes every string through `redact` unless the user
// chose to include personal data. Matching is whole-word and case-insensitive so a name is caught
// wherever it appears (a certificate subject, an error message), without mangling other words.

export const REDACTED = '[redacted]';

export class Redactor {
  /** Each spelling to hide (lower case) → what stands in its place. */
  readonly #values = new Map<string, string>();

  /** What stands in for a hidden value, in the language of the text it goes into. */
  readonly #marker: string;

  constructor(marker: string = REDACTED) {
    this.#marker = marker;
  }

  /**
   * Registers a value and its usual spellings. Values shorter than 3 characters would hit ordinary words:
   * skipped. `replaceWith` keeps the public part of a value readable (a reader's product name without its
   * serial number) instead of the usual marker.
   */
  add(value: string | null | undefined, options: { eachWord?: boolean; replaceWith?: string } = {}): void {
    const v = value?.trim();
    if (!v) return;
    for (const variant of spellings(v, options.eachWord ?? false)) {
      if (variant.length >= 3) this.#values.set(variant.toLowerCase(), options.replaceWith ?? this.#marker);
    }
  }

  get size(): number {
    return this.#values.size;
  }

  redact(text: string): string {
    if (this.#values.size === 0) return text;
    // Longest first, so "Jan Peeters" is replaced whole before "Jan".
    const sorted = [...this.#values.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${sorted.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    return text.replace(pattern, (match) => this.#values.get(match.toLowerCase()) ?? this.#marker);
  }
}

function spellings(value: string, eachWord: boolean): string[] {
  const out = [value];
  // A national number appears as 11 digits or as YY.MM.DD-NNN.CC.
  const digits = value.replace(/\D/g, '');
  if (digits.length === 11 && /^[\d .-]+$/.test(value)) {
    out.push(digits, `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}-${digits.slice(6, 9)}.${digits.slice(9)}`);
  }
  // A birth date read as ISO is also printed day first.
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) for (const sep of ['.', '/', '-']) out.push(`${iso[3]}${sep}${iso[2]}${sep}${iso[1]}`);
  // Given names are also met one by one ("Jan" of "Jan Karel").
  if (eachWord) out.push(...value.split(/[\s,]+/));
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
