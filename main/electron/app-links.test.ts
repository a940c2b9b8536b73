import { describe, expect, it } from 'vitest';
import { createLinkInbox, linkFromArgv } from './app-links.ts';

describe('links from the OS', () => {
  it('finds the link in a command line (Windows and Linux pass it as an argument)', () => {
    expect(linkFromArgv(['/opt/MyVivium/eid-companion', '--no-sandbox', 'myvivium-eid://login?return=/x'])).toBe('myvivium-eid://login?return=/x');
    expect(linkFromArgv(['C:\\App\\eid.exe', 'MYVIVIUM-EID://login'])).toBe('MYVIVIUM-EID://login');
    expect(linkFromArgv(['/opt/MyVivium/eid-companion', '--myvivium-eid://login'])).toBeNull();
    expect(linkFromArgv(['/opt/MyVivium/eid-companion'])).toBeNull();
  });

  it('keeps links until the companion is ready, then delivers in order; a flood is cut short', () => {
    const inbox = createLinkInbox();
    for (let i = 0; i < 20; i++) inbox.push(`myvivium-eid://login?return=/${i}`);
    const received: string[] = [];
    inbox.deliverTo((link) => received.push(link));
    expect(received).toHaveLength(8);
    expect(received[0]).toBe('myvivium-eid://login?return=/0');
    inbox.push('myvivium-eid://login');
    expect(received.at(-1)).toBe('myvivium-eid://login');
  });
});
