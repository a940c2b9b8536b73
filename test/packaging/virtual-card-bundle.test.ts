// The virtual card stays out of a release: the card worker bundled with the release's build-time
// constants has no trace of src/virtual-card or its test PKI, and a demo build (EID_DEMO_BUILD=1) has both.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { releaseDefine } from '../../main/electron/shipped-entries.ts';

const WORKER = fileURLToPath(new URL('../../main/card-process/worker.ts', import.meta.url));

async function workerBundle(env: Record<string, string>): Promise<string> {
  const result = await build({
    entryPoints: [WORKER],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    external: ['electron', 'pcsclite'],
    define: releaseDefine(env),
  });
  return result.outputFiles[0]!.text;
}

describe('the virtual card in bundles', () => {
  it('is left out of a release and kept in a demo build', async () => {
    const release = await workerBundle({});
    expect(release).toContain('card-service/card-service.ts');
    expect(release).not.toContain('src/virtual-card/');
    expect(release).not.toContain('src/test-pki/');
    expect(release).toContain('this build has no virtual card');
    const demo = await workerBundle({ EID_DEMO_BUILD: '1' });
    expect(demo).toContain('src/virtual-card/');
    expect(demo).toContain('src/test-pki/');
  });
});
