// Pure parsers for Linux outputs: `systemctl is-active <unit>` and pcscd's polkit refusals in the
// journal (`journalctl -u pcscd`), which is how "access denied" shows up for a desktop or SSH user.
import type { SystemdUnitState } from '../../src/diagnostics/platform.ts';

/** `systemctl is-active` prints one word; without systemd it explains that it cannot run. */
export function parseSystemctlIsActive(stdout: string, stderr = ''): SystemdUnitState {
  const all = `${stdout}\n${stderr}`;
  if (/not been booted with systemd|Failed to connect to bus|System has not been booted/i.test(all)) return 'no-systemd';
  const word = stdout.trim().split(/\s+/)[0] ?? '';
  switch (word) {
    case 'active':
    case 'reloading':
      return 'active';
    case 'inactive':
      return /could not be found|not-found/i.test(all) ? 'not-found' : 'inactive';
    case 'failed':
      return 'failed';
    case 'activating':
      return 'activating';
    case 'deactivating':
      return 'deactivating';
    default:
      return /could not be found|not-found|No such file/i.test(all) ? 'not-found' : 'unknown';
  }
}

/** Log lines in which pcscd or polkit refused a client; at most `limit`, newest last. */
export function polkitDenials(journal: string, limit = 5): string[] {
  const lines = journal
    .split(/\r?\n/)
    .filter((l) => /is NOT authorized for action: access_(pcsc|card)|Rejected unauthorized PC\/SC client/i.test(l))
    .map((l) => l.trim().slice(0, 300));
  return lines.slice(-limit);
}
