import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeBridge } from '../../test-support/fake-bridge.ts';
import { renderApp } from '../../test-support/render-app.tsx';

afterEach(cleanup);

describe('help & contact', () => {
  it('open now, with the closing time in Brussels', async () => {
    await renderApp({ screen: { name: 'help' }, now: () => new Date('2026-11-26T14:00:00Z') });
    const state = await screen.findByTestId('helpdesk-state');
    expect(state.dataset.open).toBe('true');
    expect(state.textContent).toContain('Open now.');
    expect(state.textContent).toContain('until 17:00 today');
    expect(screen.getByText('myvivium@vivium.be')).toBeTruthy();
    expect(screen.getByText('02/406.87.09')).toBeTruthy();
  });

  it('closed on Saturday: next opening Monday, in the UI language', async () => {
    await renderApp({ screen: { name: 'help' }, language: 'fr', now: () => new Date('2026-11-28T10:00:00Z') });
    const state = await screen.findByTestId('helpdesk-state');
    expect(state.dataset.open).toBe('false');
    expect(state.textContent).toContain('Fermé maintenant.');
    expect(state.textContent).toContain('lundi à 8\u00a0h\u00a030');
  });

  it('mails the helpdesk through the companion and links to the diagnosis', async () => {
    const bridge = new FakeBridge().handle('link.open', () => ({}));
    await renderApp({ bridge, screen: { name: 'help' } });
    await userEvent.click(await screen.findByRole('button', { name: 'myvivium@vivium.be' }));
    expect(bridge.callsTo('link.open')).toEqual([{ link: 'helpdesk-mail' }]);
    await userEvent.click(screen.getByRole('button', { name: 'Run a diagnosis' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Diagnosis of your card reader' })).toBeTruthy();
  });
});
