import { describe, expect, it } from 'vitest';
import { buildChecklist, chooseReader, firstProblem } from './checklist-model.ts';
import { eidReader, overview, reader, summary } from '../../test-support/fixtures.ts';

const statuses = (c: ReturnType<typeof buildChecklist>) => c.steps.map((s) => `${s.id}:${s.status}${s.code ? `:${s.code}` : ''}`);

describe('eID checklist model', () => {
  it('waits for the first overview', () => {
    expect(statuses(buildChecklist(null, { kind: 'none' }))).toEqual(['service:busy', 'reader:busy', 'card:busy', 'holder:busy']);
  });

  it('each failure points at its error code; later steps wait', () => {
    expect(statuses(buildChecklist(overview([], 'unavailable'), { kind: 'none' }))).toEqual(['service:fail:PCSC_UNAVAILABLE', 'reader:pending', 'card:pending', 'holder:pending']);
    expect(statuses(buildChecklist(overview([]), { kind: 'none' }))).toEqual(['service:pass', 'reader:fail:READER_NONE', 'card:pending', 'holder:pending']);
    expect(statuses(buildChecklist(overview([reader('empty')]), { kind: 'none' }))[2]).toBe('card:wait:CARD_NONE');
    expect(statuses(buildChecklist(overview([reader('unresponsive')]), { kind: 'none' }))[2]).toBe('card:fail:CARD_UNRESPONSIVE');
    expect(statuses(buildChecklist(overview([reader('card', { type: 'unknown', applet: null, atr: '3B00' })]), { kind: 'none' }))[2]).toBe('card:fail:CARD_UNKNOWN');
  });

  it('ready only when the holder is read with a valid certificate and an unblocked PIN', () => {
    const ov = overview([eidReader()]);
    expect(buildChecklist(ov, { kind: 'loading' }).ready).toBe(false);
    expect(buildChecklist(ov, { kind: 'loaded', summary: summary() }).ready).toBe(true);
    const blocked = buildChecklist(ov, { kind: 'loaded', summary: summary({ pin: { triesLeft: 0, blocked: true } }) });
    expect(statuses(blocked)).toEqual(['service:pass', 'reader:pass', 'card:fail:PIN_BLOCKED', 'holder:pass']);
    expect(blocked.ready).toBe(false);
    expect(firstProblem(blocked)?.code).toBe('PIN_BLOCKED');
    expect(firstProblem(buildChecklist(ov, { kind: 'failed', error: { code: 'CARD_REMOVED', message: '' } }))?.code).toBe('CARD_REMOVED');
  });

  it('prefers the reader that holds a Belgian eID', () => {
    const empty = { ...reader('empty'), name: 'Other' };
    expect(chooseReader([empty, eidReader()])?.name).toBe(eidReader().name);
  });
});
