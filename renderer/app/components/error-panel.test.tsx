import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { ERROR_CODES, type ErrorCode } from '../../../src/contract/errors.ts';
import { createI18n } from '../../../src/i18n/create-i18n.ts';
import { loadLocale } from '../../../src/i18n/locale-loader.ts';
import { EnvironmentContext, type AppEnvironment } from '../environment.tsx';
import { ErrorPanel, nextActions } from './error-panel.tsx';

afterEach(cleanup);

let i18n: I18n;
beforeAll(async () => {
  i18n = await createI18n({ language: 'en', load: loadLocale });
});

const SUGGESTED = 'Suggested next step';

function renderPanel(code: ErrorCode, options: { primary?: boolean; retry?: boolean; screen?: AppEnvironment['screen'] } = {}) {
  const environment: AppEnvironment = { navigate: () => undefined, platform: 'linux', now: () => new Date(), language: 'en', screen: options.screen ?? 'eid' };
  render(
    <I18nextProvider i18n={i18n}>
      <EnvironmentContext.Provider value={environment}>
        <ErrorPanel error={{ code, message: code }} primary={options.primary} onRetry={options.retry ? () => undefined : undefined} />
      </EnvironmentContext.Provider>
    </I18nextProvider>,
  );
}

describe('next actions of an error panel', () => {
  it('puts the most useful step first', () => {
    expect(nextActions('PIN_BLOCKED', true)).toEqual(['itsme']); // fatal: no "try again"
    expect(nextActions('CARD_UNKNOWN', false)).toEqual(['itsme']);
    expect(nextActions('ITSME_UNAVAILABLE', true)).toEqual(['eid', 'retry']);
    // Hands-on fixes: the guide shows how, before the diagnosis looks for a cause.
    expect(nextActions('READER_NONE', false)).toEqual(['guide', 'diagnosis']);
    expect(nextActions('CARD_NONE', false)).toEqual(['guide']);
    expect(nextActions('PCSC_UNAVAILABLE', false)).toEqual(['diagnosis', 'guide']);
    expect(nextActions('PIN_CANCELLED', true)).toEqual(['retry']); // a cancelled step can be taken again
  });

  it('never offers to open the screen it is on', () => {
    expect(nextActions('BACKEND_UNREACHABLE', true, 'diagnosis')).toEqual(['retry']);
    expect(nextActions('READER_NONE', false, 'install')).toEqual(['diagnosis']);
    expect(nextActions('ITSME_UNAVAILABLE', true, 'eid')).toEqual(['retry']);
  });
});

describe('the primary action of an error panel', () => {
  it.each(ERROR_CODES)('%s: exactly one when the panel leads the screen, none when the screen keeps its own', (code) => {
    renderPanel(code, { retry: true });
    const primary = screen.getAllByRole('button', { description: SUGGESTED });
    expect(primary).toHaveLength(1);
    const first = screen.getAllByRole('button')[0];
    expect(primary[0]).toBe(first); // the most useful step, first in the row
    cleanup();
    renderPanel(code, { retry: true, primary: false });
    expect(screen.queryAllByRole('button', { description: SUGGESTED })).toHaveLength(0);
  });

  it('with nothing else to try, the helpdesk is the next step', () => {
    renderPanel('ACCOUNT_UNKNOWN');
    expect(screen.getByRole('button', { description: SUGGESTED }).textContent).toBe(i18n.t('common:actions.help'));
  });
});
