// How a confirmation code reaches the customer. Production sends e-mail over SMTP and text messages
// through an SMS gateway; development writes to a local outbox the tests and the demo read.
import { LANGUAGES, textFor } from './page-text.ts';
import type { Channel } from './store.ts';

export interface CodeMessage {
  readonly channel: Channel;
  /** E-mail address or E.164 phone number. */
  readonly to: string;
  readonly code: string;
}

export interface CodeSender {
  send(message: CodeMessage): Promise<void>;
}

/** The message text, in the four languages at once: the backend does not know which one the customer reads. */
export function codeMessageText(code: string): { subject: string; body: string } {
  return {
    subject: 'MyVivium',
    body: LANGUAGES.map((lang) => textFor(lang)('code.body', { code })).join('\n'),
  };
}

/** Routes each channel to its sender. */
export function channelSender(senders: Record<Channel, CodeSender>): CodeSender {
  return { send: (message) => senders[message.channel].send(message) };
}
