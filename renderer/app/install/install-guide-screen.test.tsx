import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test-support/render-app.tsx';

afterEach(cleanup);

describe('installation guide', () => {
  it('opens on the detected system and switches with a click or the arrow keys', async () => {
    await renderApp({ screen: { name: 'install' }, platform: 'macos' });
    const mac = await screen.findByRole('tab', { name: /macOS/ });
    expect(mac.getAttribute('aria-selected')).toBe('true');
    expect(mac.textContent).toContain('this computer');
    expect(screen.getByText(/useIFDCCID/)).toBeTruthy();
    for (const title of ['1. Connect the card reader', '2. Driver and smart card service', '3. Insert your card', 'The card reader is not found', 'Another program is using the card', 'Remote desktop or virtual computer']) {
      expect(screen.getByRole('heading', { level: 2, name: title })).toBeTruthy();
    }
    await userEvent.click(screen.getByRole('tab', { name: 'Linux' }));
    expect(screen.getByText('sudo apt install pcscd libccid')).toBeTruthy();
    screen.getByRole('tab', { name: 'Linux' }).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Windows' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Windows' }));
    expect(screen.getByText(/Device Manager/)).toBeTruthy();
  });
});
