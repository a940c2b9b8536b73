// A myvivium-eid: link from MyVivium's login page opens the screen it asks for, with a line that says so.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { FakeBridge } from '../test-support/fake-bridge.ts';
import { renderApp } from '../test-support/render-app.tsx';

afterEach(cleanup);

const NOTE = 'MyVivium asked for this login. When you are logged in, MyVivium opens again in your browser.';

describe('links from MyVivium', () => {
  it('open the eID screen on start when a link brought the app forward', async () => {
    const bridge = new FakeBridge().handle('appLink.take', () => ({ request: { screen: 'eid' } }));
    await renderApp({ bridge });
    expect(await screen.findByRole('heading', { level: 1, name: 'Log in with your eID card' })).toBeTruthy();
    expect(screen.getByTestId('link-request').textContent).toBe(NOTE);
  });

  it('switch to the screen a later link asks for, and announce it', async () => {
    let next: 'itsme' | null = null;
    const bridge = new FakeBridge().handle('appLink.take', () => {
      const request = next ? { screen: next } : null;
      next = null;
      return { request };
    });
    await renderApp({ bridge, language: 'fr' });
    await screen.findByRole('heading', { level: 1, name: 'Se connecter à MyVivium' });
    expect(screen.queryByTestId('link-request')).toBeNull();
    next = 'itsme';
    bridge.emit('appLink', {});
    expect(await screen.findByRole('heading', { level: 1, name: /itsme/ })).toBeTruthy();
    const note = 'MyVivium a demandé cette connexion. Une fois connecté, MyVivium s’ouvre à nouveau dans votre navigateur.';
    expect(screen.getByTestId('link-request').textContent).toBe(note);
    expect(within(screen.getByTestId('live-polite')).getByText(note)).toBeTruthy();
  });
});
