import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test-support/render-app.tsx';

afterEach(cleanup);

describe('login screen', () => {
  it('offers itsme (recommended), the eID card and personal data, and focuses its heading', async () => {
    await renderApp();
    const heading = await screen.findByRole('heading', { level: 1, name: 'Log in to MyVivium' });
    expect(document.activeElement).toBe(heading);
    const choices = screen.getAllByRole('button', { name: /Log in with/ }).map((b) => b.textContent);
    expect(choices[0]).toContain('itsme');
    expect(choices[0]).toContain('Recommended');
    expect(choices[1]).toContain('eID card');
    expect(choices[2]).toContain('personal data');
  });

  it('personal data shows only the notice and points to itsme or the eID card', async () => {
    await renderApp();
    await userEvent.click(await screen.findByRole('button', { name: /personal data/ }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'This way of logging in no longer exists' });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByText(/no longer available/)).toBeTruthy();
    expect(screen.getByText(/activation code is no longer used/)).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Log in with your eID card' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Log in with your eID card' })).toBeTruthy();
  });

  it('switches language: texts, <html lang>, remembered in the page and by the companion', async () => {
    const { bridge } = await renderApp();
    await screen.findByRole('heading', { level: 1, name: 'Log in to MyVivium' });
    await userEvent.selectOptions(screen.getByLabelText('Language'), 'nl');
    expect(await screen.findByRole('heading', { level: 1, name: 'Aanmelden bij MyVivium' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('nl');
    expect(localStorage.getItem('eid-companion.language')).toBe('nl');
    expect(bridge.callsTo('app.setLanguage')).toEqual([{ language: 'nl' }]);
    expect(within(screen.getByTestId('live-polite')).getByText('De app is nu in het Nederlands.')).toBeTruthy();
  });
});
