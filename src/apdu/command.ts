// Short ISO 7816-4 command APDUs. BELPIC cards are T=0 only, so a command never carries both data
// and Le: case-4 commands are sent as case 3 and their data fetched with GET RESPONSE (card-channel.ts).

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  /** Command data (Lc 1..255). */
  readonly data?: Uint8Array;
  /** Expected length 1..256 (256 is encoded as 00). Ignored when `data` is present. */
  readonly le?: number;
}

export function encodeCommand(command: CommandApdu): Uint8Array {
  const header = [command.cla, command.ins, command.p1, command.p2];
  if (header.some((b) => !Number.isInteger(b) || b < 0 || b > 0xff)) throw new RangeError('APDU header byte out of range');
  const data = command.data;
  if (data && data.length > 0) {
    if (data.length > 255) throw new RangeError('APDU data longer than 255 bytes');
    const out = new Uint8Array(5 + data.length);
    out.set(header);
    out[4] = data.length;
    out.set(data, 5);
    return out;
  }
  if (command.le !== undefined) {
    if (!Number.isInteger(command.le) || command.le < 1 || command.le > 256) throw new RangeError('Le out of range');
    return Uint8Array.from([...header, command.le & 0xff]);
  }
  return Uint8Array.from(header);
}

/** The same command with another Le (used to answer 6Cxx). */
export function withLe(command: CommandApdu, le: number): CommandApdu {
  return { cla: command.cla, ins: command.ins, p1: command.p1, p2: command.p2, le };
}

export function getResponse(le: number): CommandApdu {
  return { cla: 0x00, ins: 0xc0, p1: 0x00, p2: 0x00, le };
}
