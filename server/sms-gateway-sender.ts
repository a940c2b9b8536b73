// Production SMS sender: an HTTP gateway (JSON POST with a bearer token), the interface most
// Belgian SMS providers offer. URL and token come from configuration, never from the repository.
import { codeMessageText, type CodeSender } from './code-sender.ts';

export interface SmsGatewayConfig {
  readonly url: string;
  readonly token: string;
  readonly sender: string;
  readonly timeoutMs?: number;
}

export function createSmsGatewaySender(config: SmsGatewayConfig): CodeSender {
  return {
    async send(message) {
      const response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
        body: JSON.stringify({ from: config.sender, to: message.to, text: codeMessageText(message.code).body }),
        signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
      });
      if (!response.ok) throw new Error(`SMS gateway answered HTTP ${response.status}`);
    },
  };
}
