// The cards the engine keeps open between the calls of one login. A login is summary →
// authCertificate → authenticate: the card opened by the first call is kept for the next ones
// instead of being connected to and identified again. No APDU is needed to know it is still the same
// card: PC/SC fails the kept handle once that card is removed or reset by someone else. The engine
// closes a reader's session when the reader's state changes, and every session ends after its hold.
import type { EidCard } from '../card/eid-card.ts';
import { toCardError } from '../card/card-errors.ts';

export interface SessionRun {
  /** Keep the card open this long for the next call on the reader; closed after the call if absent. */
  readonly holdMs?: number;
  /**
   * Work without a PIN: when the kept handle turns out stale (card swapped or reset meanwhile),
   * run it again on a fresh connection. Work with a PIN is never repeated (the PIN is wiped).
   */
  readonly retryFresh?: boolean;
  /**
   * Start a new session: close the kept card and open it again. A summary does, so what it shows
   * (the tries left) is read now, not when an earlier call opened the card.
   */
  readonly fresh?: boolean;
}

interface Session {
  readonly card: EidCard;
  readonly timer: NodeJS.Timeout;
}

export class CardSessions {
  readonly #open: (reader: string) => Promise<EidCard>;
  readonly #sessions = new Map<string, Session>();

  /** `open` connects (shared) and identifies the card (CardIdentities: GET CARD DATA unless known). */
  constructor(open: (reader: string) => Promise<EidCard>) {
    this.#open = open;
  }

  async run<T>(reader: string, work: (card: EidCard) => Promise<T>, options: SessionRun = {}): Promise<T> {
    if (options.fresh) await this.close(reader);
    const kept = this.#take(reader);
    if (kept && options.retryFresh) {
      try {
        return await this.#runOn(reader, kept, work, options.holdMs);
      } catch (error) {
        const code = toCardError(error).code;
        if (code !== 'CARD_REMOVED' && code !== 'CARD_COMMUNICATION') throw error;
      }
    }
    const card = kept && !options.retryFresh ? kept : await this.#open(reader);
    return this.#runOn(reader, card, work, options.holdMs);
  }

  /** Closes the card kept for `reader` (its state changed, or something needs the card free). */
  async close(reader: string): Promise<void> {
    await this.#take(reader)?.close().catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#sessions.keys()].map((reader) => this.close(reader)));
  }

  get size(): number {
    return this.#sessions.size;
  }

  async #runOn<T>(reader: string, card: EidCard, work: (card: EidCard) => Promise<T>, holdMs: number | undefined): Promise<T> {
    let kept = false;
    try {
      const result = await work(card);
      if (holdMs !== undefined) {
        await this.close(reader);
        const timer = setTimeout(() => void this.close(reader), holdMs);
        timer.unref();
        this.#sessions.set(reader, { card, timer });
        kept = true;
      }
      return result;
    } finally {
      if (!kept) await card.close().catch(() => undefined);
    }
  }

  #take(reader: string): EidCard | null {
    const session = this.#sessions.get(reader);
    if (!session) return null;
    clearTimeout(session.timer);
    this.#sessions.delete(reader);
    return session.card;
  }
}
