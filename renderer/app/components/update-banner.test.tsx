import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeBridge } from '../../test-support/fake-bridge.ts';
import { renderApp } from '../../test-support/render-app.tsx';

afterEach(cleanup);

const READY = { state: 'ready', version: '1.4.0' } as const;

describe('update banner', () => {
  it('shows nothing while updates are off or nothing is downloaded', async () => {
    const bridge = new FakeBridge().handle('update.status', () => ({ state: 'disabled', reason: 'development' }));
    await renderApp({ bridge });
    await screen.findByRole('heading', { level: 1 });
    expect(bridge.callsTo('update.status')).toHaveLength(1);
    act(() => bridge.emit('update', { state: 'downloading', version: '1.4.0', percent: 50 }));
    expect(screen.queryByRole('button', { name: 'Restart to update' })).toBeNull();
    expect(screen.queryByText('A new version is ready.')).toBeNull();
  });

  it('announces a downloaded update politely and restarts when the user asks, by keyboard', async () => {
    const bridge = new FakeBridge().handle('update.status', () => ({ state: 'idle' })).handle('update.install', () => ({}));
    await renderApp({ bridge });
    await screen.findByRole('heading', { level: 1 });
    act(() => bridge.emit('update', READY));
    const text = await screen.findByText('A new version is ready.');
    expect(text.closest('[aria-live="polite"]')).not.toBeNull();
    const button = screen.getByRole('button', { name: 'Restart to update' });
    // The screen keeps its one primary action (the start screen's recommended way); restarting is secondary.
    expect(screen.getAllByRole('button', { description: 'Suggested next step' }).map((b) => b.textContent)).toEqual([expect.stringMatching(/^Log in with itsme/)]);
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(bridge.callsTo('update.install')).toEqual([{}]);
  });

  it('says to finish with the card first when the companion refuses mid-login', async () => {
    const bridge = new FakeBridge().handle('update.status', () => READY).fail('update.install', 'UPDATE_NOT_NOW', { reason: 'busy' });
    await renderApp({ bridge, language: 'fr' });
    await userEvent.click(await screen.findByRole('button', { name: 'Redémarrer pour mettre à jour' }));
    expect(await screen.findByText(/Terminez d’abord avec votre carte eID/)).toBeTruthy();
    act(() => bridge.emit('update', { state: 'idle' }));
    expect(screen.queryByRole('button', { name: 'Redémarrer pour mettre à jour' })).toBeNull();
  });

  it('shows nothing when the host has no updates at all', async () => {
    await renderApp();
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByRole('button', { name: 'Restart to update' })).toBeNull();
  });
});
