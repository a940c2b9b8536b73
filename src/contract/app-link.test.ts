import { describe, expect, it } from 'vitest';
import { itsmeResultLink, loginLink, parseAppLink, safeReturnPath } from './app-link.ts';

const RESULT = 'A'.repeat(43);

describe('parseAppLink', () => {
  it.each([
    ['myvivium-eid://login', { kind: 'login', method: 'eid', returnPath: null }],
    ['myvivium-eid://login/', { kind: 'login', method: 'eid', returnPath: null }],
    ['MYVIVIUM-EID://LOGIN?method=eid', { kind: 'login', method: 'eid', returnPath: null }],
    ['myvivium-eid://login?method=itsme', { kind: 'login', method: 'itsme', returnPath: null }],
    ['myvivium-eid://login?return=/contrats/2?tab=1', { kind: 'login', method: 'eid', returnPath: '/contrats/2?tab=1' }],
    ['myvivium-eid://login?return=%2Fcontrats%2F2', { kind: 'login', method: 'eid', returnPath: '/contrats/2' }],
    ['myvivium-eid://login?method=itsme&return=/x', { kind: 'login', method: 'itsme', returnPath: '/x' }],
    [`myvivium-eid://itsme-result?result=${RESULT}`, { kind: 'itsme-result', result: RESULT }],
  ])('%s', (link, request) => {
    expect(parseAppLink(link)).toEqual({ ok: true, request });
  });

  it('ignores anything else the link carries: origin, nonce, backend', () => {
    const parsed = parseAppLink('myvivium-eid://login?origin=https://evil.test&nonce=abc&backend=https://evil.test&return=/ok');
    expect(parsed).toEqual({ ok: true, request: { kind: 'login', method: 'eid', returnPath: '/ok' } });
  });

  it.each([
    ['https://evil.test/?return=/x', 'wrong-scheme'],
    ['myvivium-eid:login', 'wrong-scheme'],
    [' myvivium-eid://login', 'wrong-scheme'],
    ['myvivium-eid://sign?digest=00', 'unknown-action'],
    ['myvivium-eid://', 'unknown-action'],
    ['myvivium-eid://login?method=password', 'unknown-method'],
    ['myvivium-eid://user:pw@login', 'not-a-link'],
    ['myvivium-eid://login:8080', 'not-a-link'],
    ['myvivium-eid://login/extra/path', 'not-a-link'],
    ['myvivium-eid://itsme-result?result=short', 'bad-result'],
    [`myvivium-eid://itsme-result?result=${RESULT}&result=${RESULT}`, 'bad-result'],
    [`myvivium-eid://login?return=/${'x'.repeat(3000)}`, 'too-long'],
  ])('refuses %s (%s)', (link, reason) => {
    expect(parseAppLink(link)).toEqual({ ok: false, reason });
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 42, {}, ['myvivium-eid://login']]) expect(parseAppLink(value)).toEqual({ ok: false, reason: 'not-a-string' });
  });

  it('drops an unsafe or repeated return path but still opens the screen', () => {
    for (const link of ['myvivium-eid://login?return=//evil.test', 'myvivium-eid://login?return=https://evil.test', 'myvivium-eid://login?return=/a&return=/b']) {
      expect(parseAppLink(link)).toEqual({ ok: true, request: { kind: 'login', method: 'eid', returnPath: null } });
    }
  });
});

describe('safeReturnPath', () => {
  it.each(['/', '/contrats', '/a/b?c=d#e', '/fr/mes-contrats', '/a:b', '/%2F%2Fstill-a-path'])('keeps %s', (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });

  it.each([
    ['empty', ''],
    ['relative', 'contrats'],
    ['scheme', 'https://evil.test/'],
    ['javascript', 'javascript:alert(1)'],
    ['protocol-relative', '//evil.test'],
    ['backslash', '/\\evil.test'],
    ['backslash later', '/a\\b'],
    ['newline', '/a\nLocation: x'],
    ['tab', '/a\tb'],
    ['NUL', '/a\u0000'],
    ['DEL', '/a\u007f'],
    ['C1 control', '/a\u0085'],
    ['dot segment to //', '/..//evil.test'],
    ['encoded dot segment', '/%2e%2E//evil.test'],
    ['single dot', '/./x'],
    ['too long', `/${'a'.repeat(512)}`],
    ['not a string', 42],
  ])('drops %s', (_label, path) => {
    expect(safeReturnPath(path)).toBeNull();
  });

  it('keeps exactly 512 characters', () => {
    expect(safeReturnPath(`/${'a'.repeat(511)}`)).toHaveLength(512);
  });
});

describe('links the website and the backend build', () => {
  it('round-trip through the parser', () => {
    expect(parseAppLink(loginLink('eid', '/contrats?x=1&y=2'))).toEqual({ ok: true, request: { kind: 'login', method: 'eid', returnPath: '/contrats?x=1&y=2' } });
    expect(parseAppLink(loginLink('itsme', null))).toEqual({ ok: true, request: { kind: 'login', method: 'itsme', returnPath: null } });
    expect(loginLink('eid', '//evil.test')).toBe('myvivium-eid://login');
    expect(parseAppLink(itsmeResultLink(RESULT))).toEqual({ ok: true, request: { kind: 'itsme-result', result: RESULT } });
  });
});
