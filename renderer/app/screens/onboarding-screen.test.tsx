import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeBridge } from '../../test-support/fake-bridge.ts';
import { newAccount, onboardedAccount } from '../../test-support/fixtures.ts';
import { renderApp } from '../../test-support/render-app.tsx';

afterEach(cleanup);

function bridge(resendAfterSeconds = 30) {
  return new FakeBridge()
    .handle('onboarding.sendCode', () => ({ expiresAt: '2030-01-01T00:00:00Z', resendAfterSeconds }))
    .handle('onboarding.confirm', () => ({ account: onboardedAccount }))
    .handle('handoff.open', () => ({}));
}

describe('onboarding', () => {
  it('e-mail, code, confirm, then "Open MyVivium" hands off', async () => {
    const fake = bridge();
    await renderApp({ bridge: fake, screen: { name: 'onboarding', account: newAccount } });
    expect(await screen.findByText(/Welcome, Alice SPECIMEN/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText('E-mail address'), 'alice@example.be');
    await userEvent.click(screen.getByRole('button', { name: 'Send me a code' }));
    const heading = await screen.findByRole('heading', { level: 1, name: 'Enter the code you received' });
    expect(document.activeElement).toBe(heading);
    const resend = screen.getByRole('button', { name: /Send a new code \(in 30 seconds\)/ }) as HTMLButtonElement;
    expect(resend.disabled).toBe(true);
    await userEvent.type(screen.getByLabelText('Code'), '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await screen.findByRole('heading', { level: 1, name: 'You are logged in' });
    expect(screen.getByText('Your e-mail address alice@example.be is confirmed.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Open MyVivium' }));
    // Truthful after the fact: the browser was opened, the button is gone.
    expect(await within(screen.getByRole('main')).findByText('MyVivium opened in your browser')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Open MyVivium' })).toBeNull();
    expect(fake.callsTo('onboarding.sendCode')).toEqual([{ channel: 'email', value: 'alice@example.be' }]);
    expect(fake.callsTo('onboarding.confirm')).toEqual([{ channel: 'email', code: '123456' }]);
    expect(fake.callsTo('handoff.open')).toEqual([{}]);
  });

  it('an expired code: "Send a new code" becomes the one primary action, not "Confirm"', async () => {
    const fake = bridge(0).fail('onboarding.confirm', 'CODE_EXPIRED');
    await renderApp({ bridge: fake, screen: { name: 'onboarding', account: newAccount } });
    await userEvent.type(await screen.findByLabelText('E-mail address'), 'alice@example.be');
    await userEvent.click(screen.getByRole('button', { name: 'Send me a code' }));
    await screen.findByRole('heading', { level: 1, name: 'Enter the code you received' });
    const primaries = () => screen.getAllByRole('button', { description: 'Suggested next step' }).map((b) => b.textContent);
    expect(primaries()).toEqual(['Confirm']);
    await userEvent.type(screen.getByLabelText('Code'), '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await screen.findByRole('heading', { level: 2, name: /code/i });
    expect(primaries()).toEqual(['Send a new code']);
  });

  it('checks the address before sending and lets the user pick a mobile number', async () => {
    const fake = bridge(0);
    await renderApp({ bridge: fake, screen: { name: 'onboarding', account: newAccount } });
    await userEvent.type(await screen.findByLabelText('E-mail address'), 'not-an-address');
    await userEvent.click(screen.getByRole('button', { name: 'Send me a code' }));
    expect(screen.getByText(/This e-mail address does not look right/)).toBeTruthy();
    expect(fake.callsTo('onboarding.sendCode')).toEqual([]);
    await userEvent.click(screen.getByLabelText(/By text message/));
    await userEvent.clear(screen.getByLabelText('Mobile number'));
    await userEvent.type(screen.getByLabelText('Mobile number'), '0470 12 34 56');
    await userEvent.click(screen.getByRole('button', { name: 'Send me a code' }));
    await screen.findByRole('heading', { level: 1, name: 'Enter the code you received' });
    await userEvent.click(screen.getByRole('button', { name: 'Send a new code' }));
    expect(fake.callsTo('onboarding.sendCode')).toEqual([{ channel: 'phone', value: '0470 12 34 56' }, { channel: 'phone', value: '0470 12 34 56' }]);
  });

  it('a wrong code: the field is marked invalid and emptied, the error and the tries left next to it, focus back', async () => {
    const fake = bridge().fail('onboarding.confirm', 'CODE_WRONG', { attemptsLeft: 2 });
    await renderApp({ bridge: fake, screen: { name: 'onboarding', account: newAccount } });
    await userEvent.type(await screen.findByLabelText('E-mail address'), 'alice@example.be');
    await userEvent.click(screen.getByRole('button', { name: 'Send me a code' }));
    await userEvent.type(await screen.findByLabelText('Code'), '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    const field = screen.getByLabelText('Code') as HTMLInputElement;
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(field.value).toBe('');
    expect(document.activeElement).toBe(field);
    const message = 'This code is not right. You have 2 tries left.';
    expect(document.getElementById('code-error')?.textContent).toContain(message);
    expect(field.getAttribute('aria-describedby')).toContain('code-error');
    expect(document.querySelector('main [data-error-code]')).toBeNull();
  });

  it('"Later" goes on to MyVivium without contact details, and says so; "Back" returns to the start', async () => {
    await renderApp({ bridge: bridge(), screen: { name: 'onboarding', account: newAccount } });
    await userEvent.click(await screen.findByRole('button', { name: 'Later' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'You are logged in' })).toBeTruthy();
    expect(screen.getByText(/You have not added an e-mail address or mobile number yet/)).toBeTruthy();
    cleanup();
    await renderApp({ bridge: bridge(), screen: { name: 'onboarding', account: newAccount } });
    await userEvent.click(await screen.findByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Log in to MyVivium' })).toBeTruthy();
  });

  describe('after itsme without an e-mail address (the FAQ’s rule)', () => {
    const itsmeAccount = { displayName: 'Luc SPECIMEN', phone: '+32470000002', needsOnboarding: true, needsEmail: true };

    it('asks for the e-mail address only, confirms it by code, then goes on', async () => {
      const fake = bridge().handle('onboarding.confirm', () => ({ account: { ...itsmeAccount, email: 'luc@example.be', needsOnboarding: false } }));
      await renderApp({ bridge: fake, screen: { name: 'onboarding', account: itsmeAccount } });
      expect(await screen.findByRole('heading', { level: 1, name: 'Add your e-mail address' })).toBeTruthy();
      expect(screen.queryByRole('radio')).toBeNull();
      await userEvent.type(screen.getByLabelText('E-mail address'), 'luc@example.be');
      await userEvent.click(screen.getByRole('button', { name: 'Send me a code' }));
      await userEvent.type(await screen.findByLabelText('Code'), '123456');
      await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
      // A mobile number is already linked: nothing more to offer.
      expect(await screen.findByRole('button', { name: 'Open MyVivium' })).toBeTruthy();
      expect(fake.callsTo('onboarding.sendCode')).toEqual([{ channel: 'email', value: 'luc@example.be' }]);
    });

    it('offers a mobile number after the e-mail address, never instead of it', async () => {
      let confirmed = { displayName: 'Eva SPECIMEN', email: 'eva@example.be', needsOnboarding: false };
      const fake = bridge(0).handle('onboarding.confirm', () => ({ account: confirmed }));
      await renderApp({ bridge: fake, screen: { name: 'onboarding', account: { displayName: 'Eva SPECIMEN', needsOnboarding: true, needsEmail: true } } });
      await userEvent.type(await screen.findByLabelText('E-mail address'), 'eva@example.be');
      await userEvent.click(screen.getByRole('button', { name: 'Send me a code' }));
      await userEvent.type(await screen.findByLabelText('Code'), '123456');
      await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
      expect(await screen.findByRole('heading', { level: 1, name: 'Your e-mail address is confirmed' })).toBeTruthy();
      await userEvent.click(screen.getByRole('button', { name: 'Add a mobile number' }));
      await userEvent.type(await screen.findByLabelText('Mobile number'), '0470 12 34 56');
      await userEvent.click(screen.getByRole('button', { name: 'Send me a code' }));
      confirmed = { ...confirmed, phone: '+32470123456' } as typeof confirmed;
      await userEvent.type(await screen.findByLabelText('Code'), '654321');
      await userEvent.click(screen.getByRole('button', { name: 'Confirm' }));
      expect(await screen.findByRole('button', { name: 'Open MyVivium' })).toBeTruthy();
      expect(fake.callsTo('onboarding.sendCode')).toEqual([{ channel: 'email', value: 'eva@example.be' }, { channel: 'phone', value: '0470 12 34 56' }]);
    });
  });
});
