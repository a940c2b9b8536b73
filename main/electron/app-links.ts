// myvivium-eid: links as the OS hands them to Electron: in the first start's command line (Windows,
// Linux), in a second start's (`second-instance`), or as macOS `open-url` events, possibly before the
// companion exists. The inbox keeps them until it does; every link is then parsed by the companion.
import { APP_LINK_SCHEME } from '../../src/contract/app-link.ts';

/** The link in a command line, if any: the argument that starts with the scheme (switches never do). */
export function linkFromArgv(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${APP_LINK_SCHEME}:`)) ?? null;
}

export interface LinkInbox {
  /** A link arrived: delivered now if the receiver is set, else when it is. */
  push(link: string): void;
  /** The companion is ready: earlier links go to it, in order. */
  deliverTo(receiver: (link: string) => void): void;
}

/** At most this many links wait before the app is ready (a flood from another program is dropped). */
const MAX_WAITING = 8;

export function createLinkInbox(): LinkInbox {
  const waiting: string[] = [];
  let receiver: ((link: string) => void) | null = null;
  return {
    push(link) {
      if (receiver) receiver(link);
      else if (waiting.length < MAX_WAITING) waiting.push(link);
    },
    deliverTo(next) {
      receiver = next;
      for (const link of waiting.splice(0)) next(link);
    },
  };
}
