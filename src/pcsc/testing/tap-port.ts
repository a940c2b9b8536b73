// A PcscPort that passes everything to another one and lets a test see what its connections send:
// each transmitted command and each control call, before they reach the card or reader.
import type { PcscPort } from '../port.ts';

export interface Tap {
  transmit?(command: Uint8Array): void;
  control?(code: number, data: Uint8Array): void;
}

export function tapPort(port: PcscPort, tap: Tap): PcscPort {
  return {
    platform: port.platform,
    readers: () => port.readers(),
    waitForChange: (known, options) => port.waitForChange(known, options),
    close: () => port.close(),
    connect: async (reader, options) => {
      const connection = await port.connect(reader, options);
      return {
        reader: connection.reader,
        protocol: connection.protocol,
        atr: connection.atr,
        transmit: (command) => {
          tap.transmit?.(command);
          return connection.transmit(command);
        },
        control: (code, data) => {
          tap.control?.(code, data);
          return connection.control(code, data);
        },
        beginTransaction: () => connection.beginTransaction(),
        endTransaction: (disposition) => connection.endTransaction(disposition),
        disconnect: (disposition) => connection.disconnect(disposition),
      };
    },
  };
}
