// Where the official Belgian certificate repositories publish the root certificates (facts: public URLs).
// The legacy repository certs.eid.belgium.be holds the self-signed roots CA2–CA4 as `belgiumrcaN.crt`
// (its `belgiumrsN.crt` files are the same keys cross-signed by a commercial root, which is not what a card
// chain ends in). Root CA6 is published by the newer eidpki repository, at the address its issuing CAs
// name in their Authority Information Access extension.
import type { RootPinId } from './pins.ts';

export interface RootSource {
  readonly url: string;
  /** The pins a certificate at this URL may match. CA4's URL may serve either issue of CA4 (same key). */
  readonly accepts: readonly RootPinId[];
}

export const OFFICIAL_ROOT_SOURCES: readonly RootSource[] = [
  { url: 'https://certs.eid.belgium.be/belgiumrca2.crt', accepts: ['belgium-root-ca2'] },
  { url: 'https://certs.eid.belgium.be/belgiumrca3.crt', accepts: ['belgium-root-ca3'] },
  { url: 'https://certs.eid.belgium.be/belgiumrca4.crt', accepts: ['belgium-root-ca4', 'belgium-root-ca4b'] },
  { url: 'https://crt.eidpki.belgium.be/eid/brca6.crt', accepts: ['belgium-root-ca6'] },
];
