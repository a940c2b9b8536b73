// Draws the app icon (build/icon.png, 1024×1024): a blue tile with a white eID card and its gold chip.
// electron-builder derives the Windows .ico and macOS .icns from it. Run `npx tsx scripts/make-icon.ts`
// after changing the drawing; the PNG is committed so builds do not depend on this script.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

interface Shape {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly radius: number;
  readonly color: Rgba;
}

const SIZE = 1024;
const SHAPES: readonly Shape[] = [
  { x: 64, y: 64, width: 896, height: 896, radius: 200, color: [11, 79, 138, 255] }, // tile
  { x: 172, y: 282, width: 680, height: 460, radius: 56, color: [255, 255, 255, 255] }, // card
  { x: 236, y: 420, width: 150, height: 118, radius: 22, color: [224, 184, 75, 255] }, // chip
  { x: 450, y: 420, width: 330, height: 36, radius: 18, color: [168, 188, 207, 255] }, // text lines
  { x: 450, y: 492, width: 260, height: 36, radius: 18, color: [168, 188, 207, 255] },
  { x: 236, y: 610, width: 544, height: 36, radius: 18, color: [168, 188, 207, 255] },
];

/** Coverage of a pixel centre by a rounded rectangle, with one pixel of anti-aliasing. */
function coverage(shape: Shape, px: number, py: number): number {
  const cx = shape.x + shape.width / 2;
  const cy = shape.y + shape.height / 2;
  const qx = Math.abs(px - cx) - (shape.width / 2 - shape.radius);
  const qy = Math.abs(py - cy) - (shape.height / 2 - shape.radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - shape.radius;
  return Math.min(1, Math.max(0, 0.5 - outside));
}

export function drawIcon(size = SIZE): Buffer {
  const scale = size / SIZE;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const shape of SHAPES) {
        const alpha = (coverage(shape, (x + 0.5) / scale, (y + 0.5) / scale) * shape.color[3]) / 255;
        if (alpha === 0) continue;
        // "over" compositing, straight alpha
        const outA = alpha + a * (1 - alpha);
        r = (shape.color[0] * alpha + r * a * (1 - alpha)) / outA;
        g = (shape.color[1] * alpha + g * a * (1 - alpha)) / outA;
        b = (shape.color[2] * alpha + b * a * (1 - alpha)) / outA;
        a = outA;
      }
      pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (y * size + x) * 4);
    }
  }
  return encodePng(size, size, pixels);
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(resolve(import.meta.dirname, '../build/icon.png'), drawIcon());
}
