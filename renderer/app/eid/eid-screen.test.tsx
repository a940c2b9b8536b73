import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeBridge } from '../../test-support/fake-bridge.ts';
import { eidReader, idleState, newAccount, onboardedAccount, overview, reader, READER, summary } from '../../test-support/fixtures.ts';
import { renderApp } from '../../test-support/render-app.tsx';
import type { ReaderOverview } from '../../../src/contract/bridge.ts';
import { AppError } from '../../../src/contract/errors.ts';

afterEach(cleanup);

function bridgeWith(initial: ReaderOverview): FakeBridge {
  return new FakeBridge()
    .handle('readers.state', () => ({ overview: initial, state: idleState }))
    .handle('card.summary', () => summary())
    .handle('login.prepare', () => ({ loginId: 'login-0001', holderName: 'Alice SPECIMEN', triesLeft: 3, pinPad: false, expiresAt: '2030-01-01T00:00:00Z' }))
    .handle('login.cancel', () => ({}));
}

const step = (id: string) => document.querySelector(`[data-step="${id}"]`) as HTMLElement;

async function openEid(bridge: FakeBridge, platform: 'windows' | 'macos' | 'linux' = 'windows') {
  await renderApp({ bridge, platform, screen: { name: 'eid' } });
  await screen.findByRole('heading', { level: 1, name: 'Log in with your eID card' });
}

describe('eID checklist', () => {
  it('no PC/SC service: the fix for this system and a button to the installation guide', async () => {
    await openEid(bridgeWith(overview([], 'unavailable')), 'linux');
    await waitFor(() => expect(step('service').dataset.status).toBe('fail'));
    expect(within(step('service')).getByText('Problem')).toBeTruthy();
    const panel = document.querySelector('[data-error-code="PCSC_UNAVAILABLE"]') as HTMLElement;
    expect(within(panel).getByText(/Install and start the “pcscd” service/)).toBeTruthy();
    await userEvent.click(within(panel).getByRole('button', { name: 'Open the installation guide' }));
    expect(await screen.findByRole('tab', { name: /Linux/, selected: true })).toBeTruthy();
  });

  it('the background service out of reach: one panel with a way out, not four lines "Checking…"', async () => {
    const bridge = new FakeBridge().fail('readers.state', 'INTERNAL');
    await renderApp({ bridge, screen: { name: 'eid' } });
    expect(await screen.findByRole('heading', { level: 2, name: 'The app is not answering' })).toBeTruthy();
    expect(document.querySelector('[data-step]')).toBeNull();
    expect(screen.queryByText('Checking…')).toBeNull();
    bridge.handle('readers.state', () => ({ overview: overview([eidReader()]), state: idleState })).handle('card.summary', () => summary());
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Log in as Alice SPECIMEN' })).toBeTruthy();
  });

  it('the Windows fix differs from the Linux one', async () => {
    await openEid(bridgeWith(overview([], 'unavailable')), 'windows');
    expect(await screen.findByText(/Windows then starts the “Smart Card” service by itself/)).toBeTruthy();
  });

  it('no reader', async () => {
    await openEid(bridgeWith(overview([])));
    await waitFor(() => expect(step('reader').dataset.status).toBe('fail'));
    expect(within(step('reader')).getByText('No card reader found.')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('live-polite').textContent).toBe('No card reader found.'));
  });

  it('no card, then a card is inserted: the name and certificate validity appear, then "Log in as"', async () => {
    const bridge = bridgeWith(overview([reader('empty', null, true)]));
    await openEid(bridge);
    await waitFor(() => expect(step('card').dataset.status).toBe('wait'));
    expect(within(step('reader')).getByText(READER)).toBeTruthy();
    expect(within(step('reader')).getByText('PIN pad')).toBeTruthy();
    expect(within(step('card')).getByText('Insert your eID card in the card reader.')).toBeTruthy();
    act(() => bridge.emit('readers', overview([eidReader('1.7', true)])));
    await waitFor(() => expect(step('holder').dataset.status).toBe('pass'));
    expect(within(step('card')).getByText('Belgian eID card (chip version 1.7)')).toBeTruthy();
    expect(within(step('holder')).getByText('Alice SPECIMEN')).toBeTruthy();
    expect(within(step('holder')).getByText(/certificate valid until 1 January 2034/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Log in as Alice SPECIMEN' })).toBeTruthy();
    expect(bridge.callsTo('card.summary')).toEqual([{ reader: READER }]);
  });

  it('a card that is not a Belgian eID', async () => {
    await openEid(bridgeWith(overview([reader('card', { type: 'unknown', applet: null, atr: '3B00' })])));
    await waitFor(() => expect(step('card').dataset.status).toBe('fail'));
    expect(within(step('card')).getByText('This card is not a Belgian eID card.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Log in as/ })).toBeNull();
  });

  it('a card held by another program', async () => {
    await openEid(bridgeWith(overview([reader('in-use')])));
    expect(await screen.findByText(/Close other programs that use the card/)).toBeTruthy();
  });

  it('an expired certificate stops the login with what to do', async () => {
    const bridge = bridgeWith(overview([eidReader()]))
      .handle('card.summary', () => summary({ authCertificate: { notBefore: '2014-01-01T00:00:00Z', notAfter: '2024-01-01T00:00:00Z', status: 'expired' } }));
    await openEid(bridge);
    await waitFor(() => expect(step('holder').dataset.status).toBe('fail'));
    expect(screen.getByText(/Ask your municipality for a new identity card/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Log in as/ })).toBeNull();
  });

  it('the companion reports an error phase', async () => {
    const bridge = bridgeWith(overview([eidReader()]));
    await openEid(bridge);
    act(() => bridge.emit('state', { phase: 'error', reader: READER, error: { code: 'CARD_COMMUNICATION', message: 'x' } }));
    expect(await screen.findByText('The card gave an unexpected answer.')).toBeTruthy();
  });
});

async function toPin(bridge: FakeBridge) {
  await openEid(bridge);
  await userEvent.click(await screen.findByRole('button', { name: 'Log in as Alice SPECIMEN' }));
  return screen.findByRole('heading', { level: 1, name: 'Enter the PIN code of Alice SPECIMEN' });
}

describe('PIN step', () => {
  it('shows tries left before typing, masks the digits, checks the format', async () => {
    const bridge = bridgeWith(overview([eidReader()]));
    await toPin(bridge);
    // The field has focus, so digits typed at once land in it; the heading is still said.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('PIN code')));
    await waitFor(() => expect(screen.getByTestId('live-polite').textContent).toBe('Enter the PIN code of Alice SPECIMEN'));
    expect(screen.getByText(/You have 3 tries/)).toBeTruthy();
    const input = screen.getByLabelText('PIN code') as HTMLInputElement;
    expect(input.type).toBe('password');
    await userEvent.type(input, '12a');
    expect(input.value).toBe('12');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(screen.getByText('The PIN code has 4 to 12 digits.')).toBeTruthy();
    expect(bridge.callsTo('login.complete')).toEqual([]);
  });

  it('wrong PIN then right PIN: "incorrect PIN, 2 tries left", then onboarding', async () => {
    const bridge = bridgeWith(overview([eidReader()])).fail('login.complete', 'PIN_WRONG', { triesLeft: 2 });
    await toPin(bridge);
    const input = screen.getByLabelText('PIN code') as HTMLInputElement;
    await userEvent.type(input, '0000');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await within(screen.getByRole('main')).findByText('Incorrect PIN code. You have 2 tries left before your card is blocked.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('PIN code')));
    expect(screen.getByTestId('live-polite').textContent).toBe('Incorrect PIN code. You have 2 tries left before your card is blocked.');
    expect((screen.getByLabelText('PIN code') as HTMLInputElement).value).toBe('');
    bridge.handle('login.complete', () => ({ account: newAccount }));
    await userEvent.type(screen.getByLabelText('PIN code'), '1234');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Add your e-mail address or mobile number' })).toBeTruthy();
    expect(bridge.callsTo('login.complete')).toEqual([{ loginId: 'login-0001', pin: '0000' }, { loginId: 'login-0001', pin: '1234' }]);
  });

  it('an onboarded account goes straight to "Open MyVivium"', async () => {
    const bridge = bridgeWith(overview([eidReader()])).handle('login.complete', () => ({ account: onboardedAccount })).handle('handoff.open', () => ({}));
    await toPin(bridge);
    await userEvent.type(screen.getByLabelText('PIN code'), '1234');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Open MyVivium' }));
    expect(bridge.callsTo('handoff.open')).toEqual([{}]);
  });

  it('a blocked PIN says what to do next, assertively', async () => {
    const bridge = bridgeWith(overview([eidReader()])).fail('login.complete', 'PIN_BLOCKED', { triesLeft: 0 });
    await toPin(bridge);
    await userEvent.type(screen.getByLabelText('PIN code'), '9999');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    const heading = await screen.findByRole('heading', { level: 1, name: /Your PIN code is blocked/ });
    expect(document.activeElement).toBe(heading);
    expect(screen.getByText(/population service of your municipality/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Your PIN code is blocked'));
    expect(screen.getByRole('button', { name: 'Log in with itsme' })).toBeTruthy();
    // Back: the checklist no longer calls this card OK and offers itsme instead of "Log in as".
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    await screen.findByRole('heading', { level: 1, name: 'Log in with your eID card' });
    await waitFor(() => expect(step('card').dataset.status).toBe('fail'));
    expect(screen.queryByRole('button', { name: /Log in as/ })).toBeNull();
    expect(document.querySelectorAll('main [data-error-code]')).toHaveLength(1);
    expect(within(screen.getByRole('main')).getByRole('button', { name: 'Log in with itsme' })).toBeTruthy();
  });

  it('few tries left is shown as a warning before typing', async () => {
    const bridge = bridgeWith(overview([eidReader()]))
      .handle('login.prepare', () => ({ loginId: 'login-0001', holderName: 'Alice SPECIMEN', triesLeft: 1, pinPad: false, expiresAt: '2030-01-01T00:00:00Z' }));
    await toPin(bridge);
    expect(screen.getByText('Careful: a wrong PIN was typed before. You have 1 try left.')).toBeTruthy();
  });

  it('PIN-pad mode waits for the reader with a countdown', async () => {
    let finish: (value: { account: typeof newAccount }) => void = () => undefined;
    const bridge = bridgeWith(overview([eidReader('1.8', true)]))
      .handle('login.prepare', () => ({ loginId: 'login-0001', holderName: 'Alice SPECIMEN', triesLeft: 3, pinPad: true, expiresAt: '2030-01-01T00:00:00Z' }))
      .handle('login.complete', () => new Promise((resolve) => { finish = resolve; }))
      .handle('cancel', () => ({}));
    await toPin(bridge);
    expect(screen.getByText(/Type your PIN code on the reader/)).toBeTruthy();
    expect(screen.queryByLabelText('PIN code')).toBeNull();
    act(() => bridge.emit('pinPad', { reader: READER, timeoutSeconds: 30 }));
    expect(await screen.findByText('30 seconds left')).toBeTruthy();
    expect(await screen.findByText('29 seconds left', undefined, { timeout: 2500 })).toBeTruthy();
    expect(bridge.callsTo('login.complete')).toEqual([{ loginId: 'login-0001', usePinPad: true }]);
    act(() => bridge.emit('state', { phase: 'signing', reader: READER, error: null }));
    expect(await screen.findByText(/Checking your PIN and logging you in/)).toBeTruthy();
    act(() => finish({ account: newAccount }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Add your e-mail address or mobile number' })).toBeTruthy();
  });

  it('every other error code gets its outcome with a way on', async () => {
    const bridge = bridgeWith(overview([eidReader()])).fail('login.complete', 'BACKEND_UNREACHABLE');
    await toPin(bridge);
    await userEvent.type(screen.getByLabelText('PIN code'), '1234');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await within(screen.getByRole('main')).findByText('MyVivium cannot be reached.')).toBeTruthy();
    expect(screen.getByText('Check your internet connection and try again in a moment.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Run a diagnosis', description: 'Suggested next step' })).toBeTruthy();
  });

  it("a wrong PIN on the reader's PIN pad: the reader asks again", async () => {
    let calls = 0;
    const bridge = bridgeWith(overview([eidReader('1.8', true)]))
      .handle('login.prepare', () => ({ loginId: 'login-0001', holderName: 'Alice SPECIMEN', triesLeft: 3, pinPad: true, expiresAt: '2030-01-01T00:00:00Z' }))
      .handle('login.complete', () => {
        calls += 1;
        if (calls === 1) throw new AppError('PIN_WRONG', 'wrong PIN', { triesLeft: 2 });
        return { account: newAccount };
      });
    await toPin(bridge);
    expect(await screen.findByRole('heading', { level: 1, name: 'Add your e-mail address or mobile number' })).toBeTruthy();
    expect(bridge.callsTo('login.complete')).toEqual([{ loginId: 'login-0001', usePinPad: true }, { loginId: 'login-0001', usePinPad: true }]);
  });

  it('a login that must start over: "Back" to the checklist is the one primary action', async () => {
    const bridge = bridgeWith(overview([eidReader()])).fail('login.complete', 'NONCE_EXPIRED');
    await toPin(bridge);
    await userEvent.type(screen.getByLabelText('PIN code'), '1234');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await within(screen.getByRole('main')).findByRole('heading', { level: 2 });
    expect(screen.getAllByRole('button', { description: 'Suggested next step' }).map((b) => b.textContent)).toEqual(['Back']);
  });
});
