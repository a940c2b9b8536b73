import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeBridge } from '../../test-support/fake-bridge.ts';
import { renderApp } from '../../test-support/render-app.tsx';
import type { DiagnosisReport } from '../../../src/contract/diagnosis.ts';

afterEach(cleanup);

function report(overrides: Partial<DiagnosisReport> = {}): DiagnosisReport {
  return {
    reportId: 'D-20261126-7K3M9Q',
    createdAt: '2026-11-26T14:00:00Z',
    language: 'en',
    appVersion: '0.1.0',
    platform: 'linux',
    outcome: 'fail',
    verdict: { key: 'noCard', status: 'fail', actionKeys: ['action.insertCard', 'action.insertChipFirst'], basedOn: ['card'], params: {} },
    findings: [
      { key: 'pcscService', status: 'pass', value: 'running', detailKey: 'detail.pcscService.linuxRunning', params: {} },
      { key: 'card', status: 'fail', value: null, detailKey: 'detail.card.none', params: {} },
    ],
    personalDataIncluded: false,
    summary: 'No card',
    text: 'No card\n…',
    mailto: 'mailto:myvivium@vivium.be',
    fileName: 'diagnosis-D-20261126-7K3M9Q.txt',
    ...overrides,
  };
}

describe('diagnosis', () => {
  it('runs with progress, shows the verdict first, then details; personal data off by default', async () => {
    let finish: (value: DiagnosisReport) => void = () => undefined;
    const bridge = new FakeBridge()
      .handle('diagnosis.run', () => new Promise((resolve) => { finish = resolve; }))
      .handle('diagnosis.save', () => ({ saved: true }))
      .handle('diagnosis.mail', () => ({}));
    await renderApp({ bridge, screen: { name: 'diagnosis' } });
    const checkbox = await screen.findByLabelText('Include my personal data in the report') as HTMLInputElement;
    expect(checkbox.checked).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Start the diagnosis' }));
    act(() => bridge.emit('diagnosisProgress', { step: 2, total: 9, probe: 'readers' }));
    expect(await screen.findByText(/Step 2 of 9/)).toBeTruthy();
    await act(async () => finish(report()));
    const verdict = await screen.findByRole('heading', { level: 2, name: /No card in the reader/ });
    expect(document.activeElement).toBe(verdict);
    expect(verdict.closest('[data-verdict]')?.getAttribute('data-verdict')).toBe('noCard');
    expect(screen.getByTestId('report-id').textContent).toBe('D-20261126-7K3M9Q');
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.id);
    expect(headings.indexOf('verdict-title')).toBeLessThan(headings.indexOf('details-title'));
    expect(document.querySelectorAll('[data-finding]').length).toBe(2);
    expect(bridge.callsTo('diagnosis.run')).toEqual([{ includePersonalData: false, language: 'en' }]);

    await userEvent.click(screen.getByRole('button', { name: 'Save the report' }));
    expect(bridge.callsTo('diagnosis.save')).toEqual([{ text: 'No card\n…', suggestedName: 'diagnosis-D-20261126-7K3M9Q.txt' }]);
    await userEvent.click(screen.getByRole('button', { name: 'E-mail the report to the helpdesk' }));
    expect(bridge.callsTo('diagnosis.mail')).toEqual([{ summary: 'No card' }]);

    await userEvent.click(screen.getByRole('button', { name: 'No, I still have a problem' }));
    expect(within(screen.getByRole('main')).getByText(/mention report number D-20261126-7K3M9Q/)).toBeTruthy();
  });

  it('"all fine" and the personal-data choice passed on', async () => {
    const bridge = new FakeBridge().handle('diagnosis.run', () => report({ outcome: 'pass', verdict: { key: 'allFine', status: 'pass', actionKeys: [], basedOn: [], params: {} } }));
    await renderApp({ bridge, screen: { name: 'diagnosis' }, language: 'de' });
    await userEvent.click(await screen.findByLabelText('Meine persönlichen Daten in den Bericht aufnehmen'));
    await userEvent.click(screen.getByRole('button', { name: 'Diagnose starten' }));
    const verdict = await screen.findByRole('heading', { level: 2, name: /OK/ });
    expect(verdict.closest('[data-verdict]')?.getAttribute('data-verdict')).toBe('allFine');
    expect(bridge.callsTo('diagnosis.run')).toEqual([{ includePersonalData: true, language: 'de' }]);
    // Nothing failed: no "Did this solve your problem?"
    expect(screen.queryByRole('heading', { name: /Problem gelöst/ })).toBeNull();
    expect(document.getElementById('feedback-title')).toBeNull();
  });

  it('in a browser page (no save dialog) saving downloads the file', async () => {
    const bridge = new FakeBridge().handle('diagnosis.run', () => report()).handle('diagnosis.save', () => ({ saved: false }));
    const clicked: string[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) { clicked.push(this.download); };
    URL.createObjectURL = () => 'blob:report';
    URL.revokeObjectURL = () => undefined;
    try {
      await renderApp({ bridge, screen: { name: 'diagnosis' } });
      await userEvent.click(await screen.findByRole('button', { name: 'Start the diagnosis' }));
      await userEvent.click(await screen.findByRole('button', { name: 'Save the report' }));
      expect(clicked).toEqual(['diagnosis-D-20261126-7K3M9Q.txt']);
      expect(within(screen.getByRole('main')).getByText('The report was downloaded to your Downloads folder.')).toBeTruthy();
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
  });

  it('a failed run shows the error and can be retried', async () => {
    const bridge = new FakeBridge().fail('diagnosis.run', 'INTERNAL');
    await renderApp({ bridge, screen: { name: 'diagnosis' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Start the diagnosis' }));
    expect(await within(screen.getByRole('main')).findByText('Something went wrong in the app.')).toBeTruthy();
    // Starting again is the one primary action; the panel's own steps stay secondary.
    expect(screen.getAllByRole('button', { description: 'Suggested next step' }).map((b) => b.textContent)).toEqual(['Start the diagnosis']);
  });

  // One primary action per verdict: when everything works, the login; otherwise the helpdesk. While
  // sending is being confirmed, "Yes, send it"; once the code is shown, the next step is the phone call.
  it.each([
    ['pass', 'allFine', 'Log in with my eID card'],
    ['warn', 'remoteSession', 'Send to the MyVivium helpdesk'],
    ['fail', 'noCard', 'Send to the MyVivium helpdesk'],
  ] as const)('verdict %s (%s): the primary action is "%s"', async (status, key, expected) => {
    const bridge = new FakeBridge()
      .handle('diagnosis.run', () => report({ outcome: status, verdict: { key, status, actionKeys: [], basedOn: [], params: {} } }))
      .handle('diagnosis.send', () => ({ code: 'K7P2XM', expiresAt: '2026-12-26T14:00:00Z' }));
    await renderApp({ bridge, screen: { name: 'diagnosis' } });
    await userEvent.click(await screen.findByRole('button', { name: 'Start the diagnosis' }));
    await screen.findByRole('heading', { level: 2, name: 'Details' });
    const primaries = () => screen.queryAllByRole('button', { description: 'Suggested next step' }).map((b) => b.textContent);
    await waitFor(() => expect(primaries()).toEqual([expected]));
    await userEvent.click(screen.getByRole('button', { name: 'Send to the MyVivium helpdesk' }));
    await waitFor(() => expect(primaries()).toEqual(['Yes, send it']));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, send it' }));
    await screen.findByText('K7P2XM');
    await waitFor(() => expect(primaries()).toEqual(status === 'pass' ? [expected] : []));
  });
});
