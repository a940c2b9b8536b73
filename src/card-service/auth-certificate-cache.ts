// Authentication certificates already read, by chip number, so a repeated login on the same card
// skips the ~10 READ BINARYs of the certificate (a warm login). Only public data is kept, in memory,
// for a handful of cards. An entry is trusted only as long as the card's signatures verify with it
// (engine.ts checks every login signature and drops the entry when one does not).
export class AuthCertificateCache {
  /** Insertion order is recency order: the first key is the least recently used. */
  readonly #entries = new Map<string, Uint8Array>();

  constructor(readonly limit = 8) {}

  get(chipNumber: string): Uint8Array | undefined {
    const der = this.#entries.get(chipNumber);
    if (der) {
      this.#entries.delete(chipNumber);
      this.#entries.set(chipNumber, der);
    }
    return der;
  }

  put(chipNumber: string, der: Uint8Array): void {
    this.#entries.delete(chipNumber);
    this.#entries.set(chipNumber, Uint8Array.from(der));
    while (this.#entries.size > this.limit) this.#entries.delete(this.#entries.keys().next().value!);
  }

  drop(chipNumber: string): void {
    this.#entries.delete(chipNumber);
  }

  /** Least recently used first. */
  chipNumbers(): string[] {
    return [...this.#entries.keys()];
  }
}
