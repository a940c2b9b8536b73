// The stand-in set up for one backend: our signing and encryption keys written to `keysDir`, the
// stand-in registered with the backend's callback and key set URLs, and the ITSME_* settings that
// make the backend use it. For the end-to-end tests and `npm run demo`.
import { startItsmeStandIn, type ItsmeStandIn } from './provider.ts';
import { writeClientKey } from './client-keys.ts';

export interface StandInForBackend {
  readonly standIn: ItsmeStandIn;
  /** The backend's itsme settings (ITSME_*). */
  readonly serverEnv: Readonly<Record<string, string>>;
}

export async function startStandInFor(backendUrl: string, keysDir: string): Promise<StandInForBackend> {
  const [signing, encryption] = await Promise.all([writeClientKey(keysDir, 'myvivium-sig-1', 'sig'), writeClientKey(keysDir, 'myvivium-enc-1', 'enc')]);
  const standIn = await startItsmeStandIn({ redirectUri: `${backendUrl}/api/auth/itsme/callback`, jwksUri: `${backendUrl}/.well-known/jwks.json` });
  return {
    standIn,
    serverEnv: {
      ITSME_ISSUER: standIn.issuer,
      ITSME_CLIENT_ID: standIn.clientId,
      ITSME_SERVICE_CODE: standIn.serviceCode,
      ITSME_SIGNING_KEY_FILES: signing.file,
      ITSME_ENCRYPTION_KEY_FILES: encryption.file,
    },
  };
}
