// The import boundaries of ARCHITECTURE.md must really fire: lint a few offending snippets in memory.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The snippets exist only in memory, so the type-aware rules (which need the file in a tsconfig) are off here.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfig: {
    languageOptions: { parserOptions: { project: null, projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});

async function messagesFor(path: string, code: string, rule = 'no-restricted-imports'): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message);
}

describe('import boundaries', () => {
  it('refuses electron in src/', async () => {
    expect(await messagesFor('src/card/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).not.toEqual([]);
  });
  it('refuses a native binding in src/', async () => {
    expect(await messagesFor('src/pcsc/x.ts', "import p from 'pcsclite';\nexport const a = p;\n")).not.toEqual([]);
  });
  it('refuses Node built-ins and src/card in renderer/', async () => {
    expect(await messagesFor('renderer/x.tsx', "import fs from 'node:fs';\nexport const a = fs;\n")).not.toEqual([]);
    expect(await messagesFor('renderer/screens/x.tsx', "import { a } from '../../src/card/index.ts';\nexport const b = a;\n")).not.toEqual([]);
  });
  it('lets renderer/ use the contract and i18n', async () => {
    expect(await messagesFor('renderer/screens/x.tsx', "import { a } from '../../src/contract/index.ts';\nexport const b = a;\n")).toEqual([]);
    expect(await messagesFor('renderer/screens/x.tsx', "import { a } from '../../src/i18n/index.ts';\nexport const b = a;\n")).toEqual([]);
  });
  it('keeps server/ to src/auth and src/contract', async () => {
    expect(await messagesFor('server/x.ts', "import { a } from '../src/card/index.ts';\nexport const b = a;\n")).not.toEqual([]);
    expect(await messagesFor('server/x.ts', "import { a } from '../src/auth/index.ts';\nexport const b = a;\n")).toEqual([]);
    expect(await messagesFor('server/x.ts', "import { DIAGNOSTICS_TEXTS } from '../src/i18n/diagnostics-texts.ts';\nexport const b = DIAGNOSTICS_TEXTS;\n")).toEqual([]);
    expect(await messagesFor('server/x.ts', "import a from '../src/i18n/locales/nl/app.json' with { type: 'json' };\nexport const b = a;\n")).not.toEqual([]);
    expect(await messagesFor('server/x.ts', "import { a } from '../src/i18n/index.ts';\nexport const b = a;\n")).not.toEqual([]);
  });
  it('keeps card logic out of main/: only src/card-service/index.ts', async () => {
    expect(await messagesFor('main/cli/x.ts', "import { a } from '../../src/card/eid-card.ts';\nexport const b = a;\n")).not.toEqual([]);
    expect(await messagesFor('main/x.ts', "import { a } from '../src/apdu/card-channel.ts';\nexport const b = a;\n")).not.toEqual([]);
    expect(await messagesFor('main/card-process/x.ts', "import { a } from '../../src/card-service/card-service.ts';\nexport const b = a;\n")).not.toEqual([]);
    expect(await messagesFor('main/card-process/x.ts', "import { a } from '../../src/card-service/index.ts';\nexport const b = a;\n")).toEqual([]);
  });
  it('keeps src/ out of main/', async () => {
    expect(await messagesFor('src/companion/x.ts', "import { a } from '../../main/services.ts';\nexport const b = a;\n")).not.toEqual([]);
  });
  it('keeps the test PKI out of shipped code, and lets tests and the virtual card use it', async () => {
    const pkiIn = (path: string, from: string) =>
      messagesFor(path, `import { createTestPki } from '${from}';\nexport const a = createTestPki;\n`, 'import-x/no-restricted-paths');
    expect(await pkiIn('src/auth/x.ts', '../test-pki/test-pki.ts')).not.toEqual([]);
    expect(await pkiIn('main/card-process/x.ts', '../../src/test-pki/test-pki.ts')).not.toEqual([]);
    expect(await pkiIn('server/x.ts', '../src/test-pki/test-pki.ts')).not.toEqual([]);
    expect(await pkiIn('src/auth/x.test.ts', '../test-pki/test-pki.ts')).toEqual([]);
    expect(await pkiIn('src/virtual-card/x.ts', '../test-pki/test-pki.ts')).toEqual([]);
  });
});
