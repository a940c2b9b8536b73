// README.md lists every flag each command accepts: its row in the command table names all the flags
// the command's --help prints (and the web host's row all of its usage line).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from './index.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const flagsIn = (text: string) => [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].filter((flag) => flag !== '--help');
const rowOf = (start: string) => README.split('\n').find((line) => line.startsWith(start)) ?? '';

async function helpOf(command: string): Promise<string> {
  const out: string[] = [];
  await main([command, '--help'], { out: (t) => out.push(t), err: () => undefined, readStdin: async () => '', env: {} });
  return out.join('\n');
}

describe('README lists every CLI flag', () => {
  it.each(['readers', 'card', 'parse', 'login', 'verify-token', 'diagnose', 'virtual-card'])('%s', async (command) => {
    const row = rowOf(`| \`${command} `);
    expect(row, `README has a row for ${command}`).not.toBe('');
    for (const flag of flagsIn(await helpOf(command))) expect(row, `${command} ${flag}`).toContain(flag);
  });

  it('npm run web', () => {
    const usage = readFileSync(new URL('../web/index.ts', import.meta.url), 'utf8').match(/Usage: npm run web -- (.*)'/)?.[1] ?? '';
    expect(usage).not.toBe('');
    for (const flag of flagsIn(usage)) expect(rowOf('| `npm run web --'), flag).toContain(flag);
  });
});
