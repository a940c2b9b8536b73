// Tests read the public reference material from ../shared/reference at run time (it is never copied
// into the repository). A clone outside the workplace has no ../shared: those tests skip and say so.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REFERENCE_DIR = resolve(import.meta.dirname, '../../../shared/reference');
export const referenceAvailable = existsSync(REFERENCE_DIR);
export const REFERENCE_MISSING = `reference material not found at ${REFERENCE_DIR}: these conformance tests are skipped`;

if (!referenceAvailable) console.warn(REFERENCE_MISSING);

export function referencePath(...parts: string[]): string {
  return join(REFERENCE_DIR, ...parts);
}

export function readReference(...parts: string[]): Buffer {
  return readFileSync(referencePath(...parts));
}
