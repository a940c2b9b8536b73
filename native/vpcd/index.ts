// Puts a virtual card into pcscd's vpcd reader (vsmartcard): the card connects to vpcd over TCP and
// answers its frames — 2-byte big-endian length, then one control byte (0 power off, 1 power on,
// 2 reset, 4 get ATR) or a command APDU. Closing the socket is pulling the card out. Reconnecting after
// pcscd restarts is the caller's business (the CLI does it).
import net from 'node:net';
import { VirtualCardFault, type VirtualCard } from '../../src/virtual-card/index.ts';

export const VPCD_DEFAULT_PORT = 35963;

export interface VpcdOptions {
  readonly host?: string;
  readonly port?: number;
}

export interface VpcdAttachment {
  /** Pulls the card out (closes the connection). */
  detach(): Promise<void>;
  /** Settles when the connection ends, whoever ended it. */
  readonly closed: Promise<void>;
  /** Resolves once pcscd has powered the card up and read its ATR: from then on pcscd lists it. */
  readonly poweredUp: Promise<void>;
}

const CONTROL = { powerOff: 0, powerOn: 1, reset: 2, getAtr: 4 } as const;

function frame(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(2);
  header.writeUInt16BE(payload.length);
  return Buffer.concat([header, payload]);
}

export function attachToVpcd(card: VirtualCard, options: VpcdOptions = {}): Promise<VpcdAttachment> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_DEFAULT_PORT;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffered = Buffer.alloc(0);
    let poweredOn = false;
    let markPoweredUp: () => void = () => undefined;
    const poweredUp = new Promise<void>((done) => (markPoweredUp = done));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    // Frames are answered one at a time, in order: pcscd waits for each answer anyway.
    let queue = Promise.resolve();

    const reply = (payload: Uint8Array): void => {
      if (!socket.destroyed) socket.write(frame(payload));
    };

    const handle = async (message: Buffer): Promise<void> => {
      if (message.length === 1) {
        switch (message[0]) {
          case CONTROL.powerOff:
            card.powerOff();
            poweredOn = false;
            return;
          case CONTROL.powerOn:
          case CONTROL.reset:
            card.reset();
            poweredOn = true;
            return;
          case CONTROL.getAtr:
            reply(card.atr);
            if (poweredOn) markPoweredUp();
            return;
          default:
            return;
        }
      }
      try {
        reply(await card.transmit(new Uint8Array(message)));
      } catch (error) {
        if (!(error instanceof VirtualCardFault)) throw error;
        // Removed: the card leaves the reader. Mute: an empty answer. vpcd has no timeout, so an
        // unanswered APDU would block pcscd's reader for good; on an empty answer vpcd gives up on the
        // card (ejects it) and the client's transmission fails, as with a card that stopped answering.
        if (error.kind === 'removed') pullOut();
        else reply(new Uint8Array());
      }
    };

    // Pulling the card out waits for the answer in flight (the last APDU before a removal fault is
    // answered), then ends the connection; vpcd reports the card gone at its next look.
    const pullOut = (): void => {
      queue = queue.then(() => {
        socket.end();
        setTimeout(() => socket.destroy(), 1000).unref();
      });
    };
    const onRemoved = card.onChange(() => {
      if (card.removed) pullOut();
    });
    socket.once('close', onRemoved);

    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        queue = queue
          .then(() => handle(message))
          .catch(() => {
            socket.destroy(); // a card that cannot answer leaves the reader rather than hanging pcscd
          });
      }
    });
    let connected = false;
    // Before the connection: no vpcd listening (pcscd down). After: 'close' follows and settles `closed`.
    socket.on('error', (error) => {
      if (!connected) reject(error);
    });
    socket.once('connect', () => {
      connected = true;
      socket.setNoDelay(true);
      resolve({
        closed,
        poweredUp,
        detach: async () => {
          socket.end();
          socket.destroy();
          await closed;
        },
      });
    });
  });
}
