import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeBridge } from '../../test-support/fake-bridge.ts';
import { newAccount } from '../../test-support/fixtures.ts';
import { renderApp } from '../../test-support/render-app.tsx';
import type { MethodResult } from '../../../src/contract/bridge.ts';
import { AppError } from '../../../src/contract/errors.ts';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('itsme', () => {
  it('start, "continue in your browser", wait, then onboarding', async () => {
    let status: MethodResult<'itsme.status'> = { state: 'pending' };
    const fake = new FakeBridge().handle('itsme.start', () => ({ pollId: 'poll-1' })).handle('itsme.status', () => status);
    await renderApp({ bridge: fake, screen: { name: 'itsme' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Continue with itsme' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Continue in your browser and the itsme app' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByText('You have 5 minutes to confirm.')).toBeTruthy();
    await waitFor(() => expect(fake.callsTo('itsme.status').length).toBeGreaterThan(0), { timeout: 4000 });
    status = { state: 'done', account: newAccount };
    expect(await screen.findByRole('heading', { level: 1, name: 'Add your e-mail address or mobile number' }, { timeout: 4000 })).toBeTruthy();
    expect(fake.callsTo('itsme.status')[0]).toEqual({ pollId: 'poll-1' });
  });

  it('cancel stops the wait and tells the companion', async () => {
    const fake = new FakeBridge().handle('itsme.start', () => ({ pollId: 'poll-2' })).handle('itsme.status', () => ({ state: 'pending' })).handle('itsme.cancel', () => ({}));
    await renderApp({ bridge: fake, screen: { name: 'itsme' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Continue with itsme' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(await within(screen.getByRole('main')).findByText('The itsme login was cancelled.')).toBeTruthy();
    expect(fake.callsTo('itsme.cancel')).toEqual([{ pollId: 'poll-2' }]);
  });

  it('gives up after five minutes', async () => {
    let clock = Date.parse('2026-11-26T10:00:00Z');
    const fake = new FakeBridge().handle('itsme.start', () => ({ pollId: 'poll-3' })).handle('itsme.cancel', () => ({}))
      .handle('itsme.status', () => {
        clock += 3 * 60 * 1000; // each poll, the (injected) clock moves on three minutes
        return { state: 'pending' };
      });
    await renderApp({ bridge: fake, screen: { name: 'itsme' }, now: () => new Date(clock) });
    await userEvent.click(await screen.findByRole('button', { name: 'Continue with itsme' }));
    expect(await within(screen.getByRole('main')).findByText(/within five minutes/, undefined, { timeout: 8000 })).toBeTruthy();
    expect(fake.callsTo('itsme.cancel')).toEqual([{ pollId: 'poll-3' }]);
  });

  it('a provider failure shows its error code text', async () => {
    const fake = new FakeBridge().handle('itsme.start', () => ({ pollId: 'poll-4' }))
      .handle('itsme.status', () => ({ state: 'failed', error: { code: 'ITSME_PROVIDER_ERROR', message: 'denied' } }));
    await renderApp({ bridge: fake, screen: { name: 'itsme' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Continue with itsme' }));
    expect(await within(screen.getByRole('main')).findByText(/itsme reported a problem/, undefined, { timeout: 4000 })).toBeTruthy();
  });

  it('itsme unreachable: says itsme is unavailable now and offers the eID card', async () => {
    const fake = new FakeBridge().handle('itsme.start', () => {
      throw new AppError('ITSME_UNAVAILABLE', 'the itsme provider cannot be reached');
    });
    await renderApp({ bridge: fake, screen: { name: 'itsme' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Continue with itsme' }));
    const main = screen.getByRole('main');
    expect(await within(main).findByText('itsme is unavailable right now.')).toBeTruthy();
    await userEvent.click(within(main).getByRole('button', { name: 'Log in with my eID card' }));
    expect(await screen.findByRole('heading', { level: 1, name: /eID/ })).toBeTruthy();
  });
});
