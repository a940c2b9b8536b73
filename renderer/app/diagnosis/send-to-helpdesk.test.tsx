import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { userEvent as events } from '@testing-library/user-event';

const user = () => events.setup();
import type { DiagnosisReport } from '../../../src/contract/diagnosis.ts';
import { FakeBridge } from '../../test-support/fake-bridge.ts';
import { renderApp } from '../../test-support/render-app.tsx';

afterEach(cleanup);

const report = (personalDataIncluded: boolean): DiagnosisReport => ({
  reportId: 'D-20261204-7K3M9Q',
  createdAt: '2026-12-04T09:00:00Z',
  language: 'fr',
  appVersion: '0.1.0',
  platform: 'linux',
  outcome: 'fail',
  verdict: { key: 'noCard', status: 'fail', actionKeys: ['action.insertCard'], basedOn: ['card'], params: {} },
  findings: [{ key: 'card', status: 'fail', value: null, detailKey: 'detail.card.none', params: {} }],
  personalDataIncluded,
  summary: 'Pas de carte',
  text: 'Pas de carte dans le lecteur\n{"reportId":"D-20261204-7K3M9Q"}',
  mailto: 'mailto:myvivium@vivium.be',
  fileName: 'diagnosis-D-20261204-7K3M9Q.txt',
});

async function diagnosed(bridge: FakeBridge, personal: boolean) {
  // setup() gives the page a clipboard the test can read back.
  const userEvent = user();
  bridge.handle('diagnosis.run', () => report(personal));
  await renderApp({ bridge, screen: { name: 'diagnosis' }, language: 'fr' });
  if (personal) await userEvent.click(await screen.findByRole('checkbox'));
  await userEvent.click(await screen.findByRole('button', { name: 'Lancer le diagnostic' }));
  await screen.findByRole('button', { name: 'Envoyer au service client MyVivium' });
  return userEvent;
}

describe('send to the helpdesk', () => {
  it('shows exactly what will be sent, sends only after confirming, then shows the code large and copyable', async () => {
    const bridge = new FakeBridge().handle('diagnosis.send', () => ({ code: 'K7P2XM', expiresAt: '2027-01-03T09:00:00Z' }));
    const userEvent = await diagnosed(bridge, false);
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer au service client MyVivium' }));
    expect(screen.getByRole('region', { name: 'Ce qui sera envoyé' }).textContent).toBe(report(false).text);
    expect(screen.getByText(/ne sont pas inclus/)).toBeTruthy();
    expect(bridge.callsTo('diagnosis.send')).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Oui, envoyer' }));
    const sent = await screen.findByRole('region', { name: 'Rapport envoyé' });
    expect(within(sent).getByText('K7P2XM').getAttribute('aria-hidden')).toBe('true');
    expect(within(sent).getByText(/^Code\s: K 7 P 2 X M$/)).toBeTruthy();
    expect(screen.getByText('Lisez ce code au service client')).toBeTruthy();
    expect(bridge.callsTo('diagnosis.send')).toEqual([{ report: report(false) }]);

    await userEvent.click(screen.getByRole('button', { name: 'Copier le code' }));
    expect(await navigator.clipboard.readText()).toBe('K7P2XM');
    expect(within(screen.getByRole('region', { name: 'Rapport envoyé' })).getByText('Code copié.')).toBeTruthy();
  });

  it('says when personal data goes along, and shows a refusal with its code', async () => {
    const bridge = new FakeBridge().fail('diagnosis.send', 'RATE_LIMITED', { retryAfterSeconds: 60 });
    const userEvent = await diagnosed(bridge, true);
    await userEvent.click(screen.getByRole('button', { name: 'Envoyer au service client MyVivium' }));
    expect(screen.getByText(/données personnelles sont incluses/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Oui, envoyer' }));
    const panel = await screen.findByRole('heading', { level: 3, name: /Trop de tentatives en peu de temps/ });
    expect(panel.id).toBe('error-RATE_LIMITED');
    await userEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(screen.getByRole('button', { name: 'Envoyer au service client MyVivium' })).toBeTruthy();
  });
});
