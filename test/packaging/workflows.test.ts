// The GitHub workflows: both validate against the workflow schema (@action-validator/cli), and the
// release runs the whole suite (.ci/run) before any installer is built, and each installer job runs every
// step of README's "Release steps", unconditionally and in the README's order.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const VALIDATOR = join(ROOT, 'node_modules/.bin/action-validator');
const WORKFLOWS = ['.github/workflows/ci.yml', '.github/workflows/release.yml'];

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly if?: string;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, { readonly steps: readonly Step[]; readonly needs?: string | string[]; readonly 'runs-on'?: string; readonly strategy?: { matrix: { include: Array<{ os: string }> } } }>;
}

function validate(file: string): { status: number | null; output: string } {
  const result = spawnSync(VALIDATOR, [file], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The commands of README's "Release steps" block, comments dropped. */
function readmeReleaseSteps(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = readme.slice(readme.indexOf('Release steps')).match(/```sh\n([\s\S]*?)```/)?.[1];
  if (block === undefined) throw new Error('README has no "Release steps" block');
  return block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== '');
}

/** A README command as a pattern: `"<the packed app>"` stands for any quoted argument. */
function commandPattern(command: string): RegExp {
  const parts = command.split(/"<[^>]+>"/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(^|\\n)\\s*${parts.join('"[^"\\n]+"')}\\s*($|\\n)`);
}

describe('the GitHub workflows', () => {
  it.each(WORKFLOWS)('%s validates against the workflow schema', (file) => {
    const result = validate(join(ROOT, file));
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('the validator refuses a broken workflow (so the check above can fail)', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'workflow-')), 'release.yml');
    writeFileSync(broken, readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8').replace('runs-on:', 'runs_on:'));
    expect(validate(broken).status).not.toBe(0);
  });

  it('the release runs on a version tag, on Windows, macOS and Linux, and keeps the installers and latest*.yml', () => {
    const release = load(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as Workflow;
    expect(release.on).toEqual({ push: { tags: ['v*.*.*'] } });
    const job = release.jobs.installers!;
    expect(job.strategy!.matrix.include.map((entry) => entry.os.split('-')[0]).sort()).toEqual(['macos', 'ubuntu', 'windows']);
    const upload = job.steps.find((step) => (step as { uses?: string }).uses?.startsWith('actions/upload-artifact')) as { with: { path: string } } | undefined;
    expect(upload?.with.path).toMatch(/latest\*\.yml/);
    for (const installer of ['exe', 'dmg', 'zip', 'deb', 'AppImage', 'blockmap']) expect(upload?.with.path).toContain(`*.${installer}`);
  });

  it('the release job runs every README release step, unconditionally, in the README\'s order', () => {
    const steps = readmeReleaseSteps();
    expect(steps).toContain('npm run dist');
    const job = (load(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as Workflow).jobs.installers!;
    let last = -1;
    for (const command of steps) {
      const index = job.steps.findIndex((step, i) => i > last && step.run !== undefined && commandPattern(command).test(step.run));
      expect(index, `release.yml runs "${command}" after the previous README step`).toBeGreaterThan(last);
      expect(job.steps[index]!.if, `"${command}" runs on every runner`).toBeUndefined();
      last = index;
    }
  });

  it('the release runs .ci/run on Linux first, and builds installers only after it passed', () => {
    const release = load(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as Workflow;
    const tests = release.jobs.tests!;
    expect(tests['runs-on']).toMatch(/^ubuntu-/);
    expect(tests.steps.some((step) => step.run?.includes('bash .ci/run'))).toBe(true);
    expect(release.jobs.installers!.needs).toBe('tests');
    // The real Electron test must run on each installer runner, not skip.
    expect((release.jobs.installers as { env?: Record<string, string> }).env?.EID_REQUIRE_ELECTRON).toBe('1');
  });

  it('CI runs .ci/run on every push', () => {
    const ci = load(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
    expect(Object.keys(ci.on)).toContain('push');
    expect(Object.values(ci.jobs).flatMap((job) => job.steps).some((step) => step.run?.includes('bash .ci/run'))).toBe(true);
  });

  it('README\'s Release section names both workflows', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const release = readme.slice(readme.indexOf('## Release'));
    for (const file of WORKFLOWS) expect(release).toContain(file);
  });
});
