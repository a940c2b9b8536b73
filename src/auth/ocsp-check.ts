// Revocation through OCSP (RFC 6960), run only after the token's signature verified. Asks the AIA
// responder or one pinned responder about the user certificate with a fresh nonce, and accepts the
// answer only when it is about that certificate, signed by the issuing CA or a responder the CA
// authorised (or the pinned one), fresh, and echoes the nonce.
import { createHash, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { lowerHex, parseCertificate, type ParsedCertificate } from './certificate.ts';
import { verifyX509Signature } from './certificate-signature.ts';
import { pathValidity } from './chain.ts';
import type { ValidationErrorCode } from './validation-result.ts';

export const OCSP_OID = {
  nonce: '1.3.6.1.5.5.7.48.1.2',
  basic: '1.3.6.1.5.5.7.48.1.1',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  sha1: '1.3.14.3.2.26',
} as const;

const MAX_RESPONSE_BYTES = 64 * 1024;

export interface RevocationSettings {
  readonly service: { readonly mode: 'aia' } | { readonly mode: 'designated'; readonly url: string; readonly responder: ParsedCertificate };
  readonly timeoutMs: number;
  readonly skewMs: number;
  readonly maxAgeMs: number;
  readonly fetch: typeof fetch;
}

export type RevocationStatus = { ok: true } | { ok: false; code: ValidationErrorCode; message: string };

const unavailable = (message: string): RevocationStatus => ({ ok: false, code: 'OCSP_UNAVAILABLE', message });
const invalid = (message: string): RevocationStatus => ({ ok: false, code: 'OCSP_INVALID', message });

/** The CertID fields OCSP identifies a certificate with (SHA-1, as every responder supports it). */
export interface CertId {
  readonly issuerNameHash: Uint8Array;
  readonly issuerKeyHash: Uint8Array;
  readonly serialNumber: Uint8Array;
}

export function certIdFor(leaf: ParsedCertificate, issuer: ParsedCertificate): CertId {
  return {
    issuerNameHash: sha1(leaf.issuerName),
    issuerKeyHash: sha1(issuer.publicKeyBits),
    serialNumber: leaf.serialNumber,
  };
}

export async function checkRevocation(
  leaf: ParsedCertificate,
  issuer: ParsedCertificate,
  settings: RevocationSettings,
  now: Date,
): Promise<RevocationStatus> {
  const url = settings.service.mode === 'designated' ? settings.service.url : leaf.ocspUrls.find((u) => /^https?:\/\//.test(u));
  if (!url) return unavailable('the certificate names no OCSP responder');
  const certId = certIdFor(leaf, issuer);
  const nonce = randomBytes(32);

  let body: Uint8Array;
  try {
    const response = await settings.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body: Buffer.from(encodeOcspRequest(certId, nonce)),
      signal: AbortSignal.timeout(settings.timeoutMs),
      redirect: 'error',
    });
    if (response.status !== 200) return unavailable(`OCSP responder answered HTTP ${response.status}`);
    if (!(response.headers.get('content-type') ?? '').startsWith('application/ocsp-response')) {
      return invalid('OCSP responder answered another content type');
    }
    const read = await readCapped(response, MAX_RESPONSE_BYTES);
    if (!read) return invalid('OCSP response too large');
    body = read;
  } catch (error) {
    const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return unavailable(timeout ? 'OCSP responder did not answer in time' : 'OCSP responder unreachable');
  }
  try {
    return checkResponse(body, { certId, nonce, issuer, settings, now });
  } catch (error) {
    return invalid(`OCSP response does not decode: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The body, or undefined once it grows past `max` bytes (a hostile responder cannot fill our memory). */
async function readCapped(response: Response, max: number): Promise<Uint8Array | undefined> {
  if (Number(response.headers.get('content-length') ?? 0) > max) return undefined;
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export function encodeOcspRequest(certId: CertId, nonce: Uint8Array): Uint8Array {
  const request = new pkijs.OCSPRequest();
  request.tbsRequest.requestList = [new pkijs.Request({ reqCert: certIdSchema(certId) })];
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({
      extnID: OCSP_OID.nonce,
      // The nonce value is itself an OCTET STRING inside extnValue (the OpenSSL convention).
      extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER(false),
    }),
  ];
  return new Uint8Array(request.toSchema(true).toBER(false));
}

export function certIdSchema(certId: CertId): pkijs.CertID {
  return new pkijs.CertID({
    hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OCSP_OID.sha1, algorithmParams: new asn1js.Null() }),
    issuerNameHash: new asn1js.OctetString({ valueHex: certId.issuerNameHash }),
    issuerKeyHash: new asn1js.OctetString({ valueHex: certId.issuerKeyHash }),
    serialNumber: new asn1js.Integer({ valueHex: certId.serialNumber }),
  });
}

interface ResponseContext {
  readonly certId: CertId;
  readonly nonce: Uint8Array;
  readonly issuer: ParsedCertificate;
  readonly settings: RevocationSettings;
  readonly now: Date;
}

function checkResponse(body: Uint8Array, context: ResponseContext): RevocationStatus {
  const asn1 = asn1js.fromBER(body);
  if (asn1.offset === -1 || asn1.offset !== body.length) return invalid('OCSP response is not one DER object');
  const response = new pkijs.OCSPResponse({ schema: asn1.result });
  const status = response.responseStatus.valueBlock.valueDec;
  // tryLater (3) and internalError (2) are the responder's trouble; anything else is a refusal.
  if (status === 2 || status === 3) return unavailable(`OCSP responder status ${status}`);
  if (status !== 0) return invalid(`OCSP responder status ${status}`);
  if (!response.responseBytes || response.responseBytes.responseType !== OCSP_OID.basic) return invalid('not a basic OCSP response');
  const inner = response.responseBytes.response.valueBlock.valueHexView;
  const basicAsn1 = asn1js.fromBER(inner);
  if (basicAsn1.offset === -1 || basicAsn1.offset !== inner.length) return invalid('basic OCSP response is not one DER object');
  const basic = new pkijs.BasicOCSPResponse({ schema: basicAsn1.result });
  const data = basic.tbsResponseData;

  if (data.responses.length !== 1) return invalid('OCSP response must hold exactly one answer');
  const single = data.responses[0]!;
  if (!sameCertId(single.certID, context.certId)) return invalid('OCSP answer is about another certificate');

  const signer = responderKey(basic, context);
  if (!signer.ok) return signer.status;
  if (basic.signature.valueBlock.unusedBits !== 0 ||
    !verifyX509Signature(basic.signatureAlgorithm.algorithmId, data.tbsView, basic.signature.valueBlock.valueHexView, signer.certificate.publicKey)) {
    return invalid('OCSP response signature does not verify');
  }

  const nonceExtension = data.responseExtensions?.find((e) => e.extnID === OCSP_OID.nonce);
  if (!nonceExtension || !nonceMatches(nonceExtension.extnValue.valueBlock.valueHexView, context.nonce)) {
    return invalid('OCSP response does not echo our nonce');
  }

  const nowMs = context.now.getTime();
  const { skewMs, maxAgeMs } = context.settings;
  const thisUpdate = single.thisUpdate.getTime();
  if (thisUpdate > nowMs + skewMs) return invalid('OCSP response is from the future');
  if (thisUpdate < nowMs - maxAgeMs) return invalid('OCSP response is stale');
  if (single.nextUpdate) {
    const nextUpdate = single.nextUpdate.getTime();
    if (nextUpdate < nowMs - skewMs || nextUpdate < thisUpdate) return invalid('OCSP response is past its nextUpdate');
  }

  const certStatus: unknown = single.certStatus;
  const tag = certStatus instanceof asn1js.BaseBlock ? certStatus.idBlock : undefined;
  if (!tag || tag.tagClass !== 3) return invalid('OCSP certificate status does not decode');
  if (tag.tagNumber === 0) return { ok: true };
  if (tag.tagNumber === 1) return { ok: false, code: 'CERT_REVOKED', message: 'the certificate is revoked' };
  if (tag.tagNumber === 2) return { ok: false, code: 'CERT_REVOKED', message: 'the OCSP responder does not know the certificate' };
  return invalid('OCSP certificate status does not decode');
}

type SignerResult = { ok: true; certificate: ParsedCertificate } | { ok: false; status: RevocationStatus };

/**
 * Designated mode: only the pinned certificate. AIA mode: the issuing CA itself, or a certificate in
 * the response that the issuing CA signed with the OCSPSigning purpose (RFC 6960 §4.2.2.2), valid now,
 * and named by the responderID. Belgian responses may carry several certificates, so the responderID
 * picks the one, not the position.
 */
function responderKey(basic: pkijs.BasicOCSPResponse, context: ResponseContext): SignerResult {
  const { service } = context.settings;
  const refuse = (message: string): SignerResult => ({ ok: false, status: invalid(message) });
  if (service.mode === 'designated') {
    if (!pathValidity([service.responder], context.now).ok) return refuse('the pinned OCSP responder certificate is not valid now');
    return { ok: true, certificate: service.responder };
  }
  const candidates = [context.issuer];
  for (const cert of basic.certs ?? []) {
    const decoded = parseCertificate(new Uint8Array(cert.toSchema().toBER(false)));
    if (decoded.ok) candidates.push(decoded.certificate);
  }
  const named = candidates.filter((c) => matchesResponderId(basic.tbsResponseData.responderID, c));
  if (named.length === 0) return refuse('no certificate matches the OCSP responderID');
  for (const candidate of named) {
    if (candidate === context.issuer) return { ok: true, certificate: candidate };
    const delegated = lowerHex(candidate.issuerName) === lowerHex(context.issuer.subjectName) &&
      candidate.extendedKeyUsage?.includes(OCSP_OID.ocspSigning) === true &&
      pathValidity([candidate], context.now).ok &&
      verifyX509Signature(candidate.signatureAlgorithm, candidate.tbs, candidate.signature, context.issuer.publicKey);
    if (delegated) return { ok: true, certificate: candidate };
  }
  return refuse('the OCSP responder is not authorised by the issuing CA');
}

function matchesResponderId(responderId: unknown, cert: ParsedCertificate): boolean {
  if (responderId instanceof pkijs.RelativeDistinguishedNames) {
    return lowerHex(new Uint8Array(responderId.toSchema().toBER(false))) === lowerHex(cert.subjectName);
  }
  if (responderId instanceof asn1js.OctetString) {
    return lowerHex(responderId.valueBlock.valueHexView) === lowerHex(sha1(cert.publicKeyBits));
  }
  return false;
}

function sameCertId(id: pkijs.CertID, expected: CertId): boolean {
  return id.hashAlgorithm.algorithmId === OCSP_OID.sha1 &&
    lowerHex(id.issuerNameHash.valueBlock.valueHexView) === lowerHex(expected.issuerNameHash) &&
    lowerHex(id.issuerKeyHash.valueBlock.valueHexView) === lowerHex(expected.issuerKeyHash) &&
    lowerHex(id.serialNumber.valueBlock.valueHexView) === lowerHex(expected.serialNumber);
}

/** The echoed nonce as OCTET STRING (the usual encoding) or raw bytes (some responders). */
function nonceMatches(extnValue: Uint8Array, nonce: Uint8Array): boolean {
  const wrapped = new Uint8Array(new asn1js.OctetString({ valueHex: nonce }).toBER(false));
  return lowerHex(extnValue) === lowerHex(wrapped) || lowerHex(extnValue) === lowerHex(nonce);
}

function sha1(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(bytes).digest());
}
