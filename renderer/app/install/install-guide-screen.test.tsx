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
    // Steps first, numbered once by the list; troubleshooting after.
    const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(['Connect the card reader', 'Driver and smart card service', 'Insert your card', 'The card reader is not found', 'Another program is using the card', 'Remote desktop or virtual computer']);
    expect(screen.getByRole('img', { name: /gold chip facing up, chip end first/ })).toBeTruthy();
    expect(screen.getByText('These steps need no technical knowledge.')).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Copy: sudo defaults write/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('tab', { name: 'Linux' }));
    expect(screen.getByText('sudo apt install pcscd libccid')).toBeTruthy();
    expect(screen.queryByText('These steps need no technical knowledge.')).toBeNull();
    screen.getByRole('tab', { name: 'Linux' }).focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Windows' }).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Windows' }));
    expect(screen.getByText(/Device Manager/)).toBeTruthy();
  });
});
