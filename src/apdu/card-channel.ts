// The only way the card library talks to a card: one APDU in, one complete response out. It hides the
// two T=0 quirks a reader or card may show on any command (BELPIC-NOTES §2.4): `61xx` (data waiting:
// GET RESPONSE, 61 00 = 256 bytes, repeated while the card says more) and `6Cxx` (wrong Le: the same
// command again with Le = xx). It also nests PC/SC transactions so a multi-APDU operation is atomic.
import type { CardConnection } from '../pcsc/port.ts';
import { AppError } from '../contract/errors.ts';
import { encodeCommand, getResponse, withLe, type CommandApdu } from './command.ts';
import { parseResponse, swHex, type ResponseApdu } from './response.ts';

/** A response longer than this is a card gone wrong, not data (the largest BELPIC file is ~3 KB). */
const MAX_RESPONSE = 64 * 1024;

export class CardChannel {
  private depth = 0;

  constructor(readonly connection: CardConnection) {}

  /** Sends `command`, follows 61xx/6Cxx, and returns all data with the final status word. */
  async transmit(command: CommandApdu): Promise<ResponseApdu> {
    let response = await this.exchange(command);
    const parts: Uint8Array[] = [response.data];
    let total = response.data.length;
    while (response.sw >> 8 === 0x61) {
      const available = response.sw & 0xff || 256;
      response = await this.exchange(getResponse(available));
      parts.push(response.data);
      total += response.data.length;
      if (total > MAX_RESPONSE) throw new AppError('CARD_COMMUNICATION', 'card keeps answering 61xx');
    }
    return { data: concat(parts, total), sw: response.sw };
  }

  /** Runs `operation` inside one PC/SC transaction (nested calls join the outer one). */
  async transaction<T>(operation: () => Promise<T>): Promise<T> {
    if (this.depth > 0) {
      this.depth++;
      try {
        return await operation();
      } finally {
        this.depth--;
      }
    }
    await this.connection.beginTransaction();
    this.depth = 1;
    try {
      return await operation();
    } finally {
      this.depth = 0;
      // A card pulled out mid-operation also fails here; the operation's own error is the one to report.
      await this.connection.endTransaction('leave').catch(() => undefined);
    }
  }

  /** One command, plus at most one re-send when the card corrects Le with 6Cxx. */
  private async exchange(command: CommandApdu): Promise<ResponseApdu> {
    const first = await this.send(command);
    if (first.sw >> 8 !== 0x6c || (command.data && command.data.length > 0)) return first;
    const retry = await this.send(withLe(command, first.sw & 0xff || 256));
    if (retry.sw >> 8 === 0x6c) {
      throw new AppError('CARD_COMMUNICATION', `card answered ${swHex(retry.sw)} to its own Le`);
    }
    return retry;
  }

  private async send(command: CommandApdu): Promise<ResponseApdu> {
    const bytes = await this.connection.transmit(encodeCommand(command));
    const parsed = parseResponse(bytes);
    if (!parsed.ok) throw new AppError('CARD_COMMUNICATION', parsed.error);
    return parsed.value;
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
