import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.ts';
import { ERROR_HELP, FIXES, errorHelp } from './error-help.ts';
import { EVENT_NAMES, events, METHOD_NAMES, methods, parseCall } from './bridge.ts';
import { callMessageSchema, MAX_FRAME_BYTES, parseFrame, serverMessageSchema } from './wire.ts';

describe('parseCall', () => {
  it('accepts well-formed arguments', () => {
    const parsed = parseCall('login.complete', { loginId: 'abcdefgh12', pin: '1234' });
    expect(parsed.ok).toBe(true);
    expect(parseCall('app.info', undefined).ok).toBe(true);
  });

  it.each([
    ['unknown method', 'fs.readFile', {}],
    ['prototype key as method', 'toString', {}],
    ['non-string method', 42, {}],
    ['wrong type', 'app.setLanguage', { language: 7 }],
    ['value outside the enum', 'app.setLanguage', { language: 'es' }],
    ['extra field', 'app.info', { debug: true }],
    ['extra field in a union branch', 'login.complete', { loginId: 'abcdefgh12', pin: '1234', usePinPad: true }],
    ['oversized string', 'card.summary', { reader: 'x'.repeat(201) }],
    ['oversized report', 'diagnosis.save', { text: 'x'.repeat(200_001), suggestedName: 'r.txt' }],
    ['PIN with letters', 'login.complete', { loginId: 'abcdefgh12', pin: '12a4' }],
    ['PIN too long', 'pin.change', { currentPin: '1234', newPin: '1'.repeat(13) }],
    ['array instead of object', 'card.summary', ['reader']],
    ['path-like file name', 'diagnosis.save', { text: 'x', suggestedName: '../../etc/passwd' }],
  ])('refuses %s with INVALID_ARGUMENT', (_label, method, args) => {
    const parsed = parseCall(method, args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.code).toBe('INVALID_ARGUMENT');
  });

  it('never echoes argument values (a PIN) in the error', () => {
    const parsed = parseCall('login.complete', { loginId: 'abcdefgh12', pin: '98765x' });
    expect(JSON.stringify(parsed)).not.toContain('98765');
  });

  it('lists every method', () => {
    expect(METHOD_NAMES).toContain('login.prepare');
    expect(METHOD_NAMES).not.toContain('toString');
  });
});

describe('wire frames', () => {
  it('parses a call and refuses junk', () => {
    expect(parseFrame(callMessageSchema, JSON.stringify({ type: 'call', id: 1, method: 'app.info', args: {} }))).not.toBeNull();
    expect(parseFrame(callMessageSchema, '{not json')).toBeNull();
    expect(parseFrame(callMessageSchema, JSON.stringify({ type: 'call', id: -1, method: 'x', args: {} }))).toBeNull();
    expect(parseFrame(callMessageSchema, JSON.stringify({ type: 'call', id: 1, method: 'x', args: {}, extra: 1 }))).toBeNull();
    expect(parseFrame(callMessageSchema, 'x'.repeat(MAX_FRAME_BYTES + 1))).toBeNull();
  });
  it('parses results and events', () => {
    expect(parseFrame(serverMessageSchema, JSON.stringify({ type: 'result', id: 3, response: { ok: false, error: { code: 'PIN_WRONG', message: 'm', details: { triesLeft: 2 } } } }))).not.toBeNull();
    expect(parseFrame(serverMessageSchema, JSON.stringify({ type: 'event', event: 'state', payload: {} }))).not.toBeNull();
  });
});

describe('error help table', () => {
  it('covers every code with a known fix', () => {
    for (const code of ERROR_CODES) {
      expect(FIXES).toContain(ERROR_HELP[code].fix);
      expect(errorHelp(code).messageKey).toBe(`errors:${code}`);
    }
    expect(errorHelp('PIN_BLOCKED')).toMatchObject({ fix: 'unblock-at-municipality', severity: 'fatal', fixKey: 'errors:fix.unblock-at-municipality' });
  });
});

describe('update surface', () => {
  it('carries the update status as a method and an event, and refuses a status the UI must not show', () => {
    expect(METHOD_NAMES).toEqual(expect.arrayContaining(['update.status', 'update.check', 'update.install']));
    expect(EVENT_NAMES).toContain('update');
    expect(events.update.safeParse({ state: 'ready', version: '2.0.1' }).success).toBe(true);
    expect(methods['update.status'].result.safeParse({ state: 'disabled', reason: 'package-managed' }).success).toBe(true);
    expect(events.update.safeParse({ state: 'ready', version: '<b>2</b>' }).success).toBe(false);
    expect(parseCall('update.install', { force: true })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(errorHelp('UPDATE_NOT_NOW')).toMatchObject({ severity: 'info', messageKey: 'errors:UPDATE_NOT_NOW' });
  });
});
