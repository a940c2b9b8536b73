// How a confirmation code reaches the customer. Production sends e-mail over SMTP and text messages
// through an SMS gateway; development writes to a local outbox the tests and the demo read.
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

/** The message text. MyVivium writes to Belgian customers in the three national languages and English. */
export function codeMessageText(code: string): { subject: string; body: string } {
  return {
    subject: 'MyVivium: code / Code / Code / Code',
    body: [
      `Votre code de confirmation MyVivium : ${code}`,
      `Uw MyVivium-bevestigingscode: ${code}`,
      `Ihr MyVivium-Bestätigungscode: ${code}`,
      `Your MyVivium confirmation code: ${code}`,
      '',
      '10 min.',
    ].join('\n'),
  };
}

/** Routes each channel to its sender. */
export function channelSender(senders: Record<Channel, CodeSender>): CodeSender {
  return { send: (message) => senders[message.channel].send(message) };
}
