// A remote desktop or SSH session: the card reader is on the user's own computer, not on the one
// the app runs on, unless smart-card redirection is on.
import type { Finding } from '../../contract/diagnosis.ts';
import { finding, type Probe } from '../context.ts';

export function remoteSessionFinding(env: Readonly<Record<string, string | undefined>>): Finding {
  const session = env['SESSIONNAME'] ?? '';
  if (/^RDP-/i.test(session)) return finding('remoteSession', 'warn', 'rdp', session);
  if (/^ICA-/i.test(session)) return finding('remoteSession', 'warn', 'citrix', session);
  if (env['SSH_CONNECTION'] || env['SSH_CLIENT'] || env['SSH_TTY']) return finding('remoteSession', 'warn', 'ssh', 'ssh');
  return finding('remoteSession', 'pass', 'local', session || 'local');
}

export const sessionProbe: Probe = {
  id: 'session',
  async run({ deps }) {
    return [remoteSessionFinding(deps.env)];
  },
};
