// The specimen's photo: a real (decodable) greyscale baseline JPEG drawn here, a blocky head-and-
// shoulders silhouette. Every 8×8 block is flat, so only DC coefficients are coded and the encoder stays
// a page long. Real cards carry a 140×200 or 150×195 greyscale JPEG; this one is 120×160.
import { concat } from './der.ts';

const WIDTH = 120;
const HEIGHT = 160;

/** Grey level (0–255) of the block at (bx, by): light background, dark head and shoulders. */
function blockGrey(bx: number, by: number, columns: number, rows: number): number {
  const x = (bx + 0.5) / columns - 0.5;
  const y = (by + 0.5) / rows;
  const head = (x / 0.2) ** 2 + ((y - 0.38) / 0.2) ** 2 <= 1;
  const shoulders = y > 0.66 && Math.abs(x) < 0.15 + (y - 0.66) * 1.4;
  if (head) return 96;
  if (shoulders) return 64;
  return 216 - Math.round(y * 24);
}

class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private count = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0x00); // byte stuffing
    this.current = 0;
    this.count = 0;
  }

  finish(): Uint8Array {
    while (this.count !== 0) this.write(1, 1); // pad with 1-bits
    return Uint8Array.from(this.bytes);
  }
}

// The standard luminance DC table (ITU T.81 Annex K): code lengths per category 0–11.
const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// AC table with one symbol, end-of-block, coded as a single 0 bit.
const AC_COUNTS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_SYMBOLS = [0x00];
const QUANT = 8;

function canonicalCodes(counts: readonly number[], symbols: readonly number[]): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  counts.forEach((count, index) => {
    for (let i = 0; i < count; i++) codes.set(symbols[k++] ?? 0, { code: code++, length: index + 1 });
    code <<= 1;
  });
  return codes;
}

function segment(marker: number, body: readonly number[]): Uint8Array {
  const length = body.length + 2;
  return Uint8Array.from([0xff, marker, length >> 8, length & 0xff, ...body]);
}

export function specimenPhotoJpeg(): Uint8Array {
  const columns = WIDTH / 8;
  const rows = HEIGHT / 8;
  const dc = canonicalCodes(DC_COUNTS, DC_SYMBOLS);
  const eob = canonicalCodes(AC_COUNTS, AC_SYMBOLS).get(0x00) ?? { code: 0, length: 1 };
  const bits = new BitWriter();
  let previous = 0;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < columns; bx++) {
      // A flat block's DC coefficient is 8 × (grey − 128); quantised by 8 it is grey − 128.
      const value = Math.round((8 * (blockGrey(bx, by, columns, rows) - 128)) / QUANT);
      const diff = value - previous;
      previous = value;
      const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const code = dc.get(category) ?? { code: 0, length: 0 };
      bits.write(code.code, code.length);
      if (category > 0) bits.write(diff < 0 ? diff + (1 << category) - 1 : diff, category);
      bits.write(eob.code, eob.length);
    }
  }
  return concat(
    Uint8Array.of(0xff, 0xd8),
    segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    segment(0xdb, [0x00, ...new Array<number>(64).fill(QUANT)]),
    segment(0xc0, [0x08, HEIGHT >> 8, HEIGHT & 0xff, WIDTH >> 8, WIDTH & 0xff, 0x01, 0x01, 0x11, 0x00]),
    segment(0xc4, [0x00, ...DC_COUNTS, ...DC_SYMBOLS]),
    segment(0xc4, [0x10, ...AC_COUNTS, ...AC_SYMBOLS]),
    segment(0xda, [0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]),
    bits.finish(),
    Uint8Array.of(0xff, 0xd9),
  );
}
