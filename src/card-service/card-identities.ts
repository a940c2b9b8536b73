// Which card each reader holds, as its last identification (GET CARD DATA) found it, so that a later
// connection to the same insertion need not ask again (a warm 1.7 login saves that APDU; 1.8 asks
// anyway, its GET CARD DATA is also the tries-left read). "The same insertion" must be provable:
// - the engine forgets a reader's card on every state the ReaderMonitor reports for that reader
//   (removed, inserted, mute, in use, unplugged) and all of them when the service is lost;
// - the reader's card event counter (ReaderSnapshot.cardEvents), read before the identification,
//   must be unchanged after the new connection is made: it catches a swap of two cards with the same
//   ATR however quickly it happened, even before the monitor reports it. Where the service does not
//   count (null), the monitor's removal events alone stand for it;
// - the new connection's ATR must be the remembered one.
// Behind this, the engine holds every login signature to the certificate known for the chip.
import { openEidCard, type CardInfo, type EidCard } from '../card/eid-card.ts';
import { toHex } from '../card/hex.ts';
import type { PcscPort } from '../pcsc/port.ts';

interface Identified {
  readonly info: CardInfo;
  /** The reader's card event counter before the identification. */
  readonly cardEvents: number | null;
}

export class CardIdentities {
  readonly #port: PcscPort;
  readonly #identified = new Map<string, Identified>();
  /** Bumped by every forget: an identification that raced with one is not remembered. */
  #forgets = 0;

  constructor(port: PcscPort) {
    this.#port = port;
  }

  /** Something happened in `reader` (or, without one, to the service): its card may be another now. */
  forget(reader?: string): void {
    this.#forgets++;
    if (reader === undefined) this.#identified.clear();
    else this.#identified.delete(reader);
  }

  /** Connects (shared) to the card in `reader` and identifies it, unless it is provably the one identified before. */
  async open(reader: string): Promise<EidCard> {
    const forgets = this.#forgets;
    const eventsBefore = await this.#cardEvents(reader);
    const connection = await this.#port.connect(reader, { share: 'shared' });
    try {
      const known = await this.#stillThere(reader, connection.atr);
      const card = await openEidCard(connection, { platform: this.#port.platform, ...(known ? { known } : {}) });
      if (!known && this.#forgets === forgets) this.#identified.set(reader, { info: card.info(), cardEvents: eventsBefore });
      return card;
    } catch (error) {
      await connection.disconnect('leave').catch(() => undefined);
      throw error;
    }
  }

  /** The remembered card, if nothing can have replaced it since it was identified. */
  async #stillThere(reader: string, atr: Uint8Array): Promise<CardInfo | null> {
    const identified = this.#identified.get(reader);
    if (!identified || identified.info.atr !== toHex(atr)) return null;
    const events = await this.#cardEvents(reader);
    // Read after connecting: no card event since the identification, so this connection reached that card.
    if (events !== identified.cardEvents || this.#identified.get(reader) !== identified) return null;
    return identified.info;
  }

  async #cardEvents(reader: string): Promise<number | null> {
    const snapshot = (await this.#port.readers()).find((s) => s.name === reader);
    return snapshot?.cardEvents ?? null;
  }
}
