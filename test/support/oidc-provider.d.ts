// oidc-provider ships no TypeScript types: the part of its API the itsme stand-in uses
// (test/support/itsme-stand-in).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  interface ProviderConfiguration {
    adapter?: new (model: string) => unknown;
    clients?: Record<string, unknown>[];
    jwks?: { keys: Record<string, unknown>[] };
    clientAuthMethods?: string[];
    enabledJWA?: Record<string, string[]>;
    pkce?: { required?: () => boolean };
    scopes?: string[];
    claims?: Record<string, string[]>;
    acrValues?: string[];
    responseTypes?: string[];
    cookies?: { keys?: string[] };
    features?: Record<string, { enabled: boolean } & Record<string, unknown>>;
    interactions?: { url: (context: unknown, interaction: { uid: string }) => string };
    ttl?: Record<string, number>;
    fetch?: (url: URL | string, options: RequestInit & { dispatcher?: unknown }) => Promise<Response>;
    findAccount?: (context: unknown, id: string) => Promise<Account | undefined>;
  }

  interface InteractionDetails {
    uid: string;
    prompt: { name: string; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId: string };
    grantId?: string;
  }

  class Grant {
    constructor(properties: { accountId: string; clientId: string });
    static find(id: string): Promise<Grant | undefined>;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
  }

  interface KoaContext {
    path: string;
    method: string;
    body: unknown;
    type: string;
    status: number;
    query: Record<string, unknown>;
  }

  export const errors: {
    InvalidRequestObject: new (description: string) => Error;
  };

  export default class Provider {
    constructor(issuer: string, configuration?: ProviderConfiguration);
    readonly Grant: typeof Grant;
    readonly Client: { find(id: string): Promise<{ asymmetricKeyStore: { freshUntil?: number } } | undefined> };
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    /** Koa middleware around every endpoint. */
    use(middleware: (context: KoaContext, next: () => Promise<void>) => Promise<void>): void;
    interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(request: IncomingMessage, response: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  }
}
