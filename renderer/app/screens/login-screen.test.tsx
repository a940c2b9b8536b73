import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test-support/render-app.tsx';

afterEach(cleanup);

describe('login screen', () => {
  it('offers itsme (recommended) and the eID card, and focuses its heading', async () => {
    await renderApp();
    const heading = await screen.findByRole('heading', { level: 1, name: 'Log in to MyVivium' });
    expect(document.activeElement).toBe(heading);
    const choices = screen.getAllByRole('button', { name: /Log in with/ }).map((b) => b.textContent);
    expect(choices).toHaveLength(2);
    expect(choices[0]).toContain('itsme');
    expect(choices[0]).toContain('Recommended');
    expect(choices[1]).toContain('eID card');
  });

  it('personal data reads as no longer available, not a button, in the FAQ\'s words (no password)', async () => {
    await renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Log in to MyVivium' });
    expect(screen.queryByRole('button', { name: /personal data/ })).toBeNull();
    const item = screen.getByTestId('personal-data-unavailable');
    expect(within(item).getByText('No longer available')).toBeTruthy();
    expect(item.textContent).toMatch(/contract number and an activation code by post, then a code by text message/);
    expect(item.textContent).toMatch(/itsme or with your eID card/);
    expect(item.textContent).not.toMatch(/password/i);
  });

  it('switches language: texts, <html lang>, remembered in the page and by the companion', async () => {
    const { bridge } = await renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Log in to MyVivium' });
    await userEvent.selectOptions(screen.getByLabelText('Language'), 'nl');
    expect(await screen.findByRole('heading', { level: 1, name: 'Aanmelden bij MyVivium' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('nl');
    expect(localStorage.getItem('eid-companion.language')).toBe('nl');
    // The companion hears the start language at once (its own texts, like a report's mail subject), then the new one.
    expect(bridge.callsTo('app.setLanguage')).toEqual([{ language: 'en' }, { language: 'nl' }]);
    expect(within(screen.getByTestId('live-polite')).getByText('De app is nu in het Nederlands.')).toBeTruthy();
  });
});
