// A real OCSP responder (RFC 6960 over HTTP POST) on 127.0.0.1 for tests: it answers about the
// certificates of one CA, signed by the CA's key or by a delegated responder certificate, and can
// be told per serial number to misbehave in each way the validator must survive.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, KeyObject, sign, type webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export type OcspBehaviour =
  | 'good'
  | 'revoked'
  | 'unknown'
  | 'bad-signature' // a signature byte is changed after signing
  | 'stale' // thisUpdate a day old, nextUpdate passed
  | 'silent' // never answers (the client must time out)
  | 'no-nonce' // omits the nonce extension
  | 'other-certificate' // answers about another serial number
  | 'try-later' // OCSP status tryLater, no response bytes
  | 'http-error' // HTTP 500
  | 'oversized'; // a 1 MiB body

/** Who signs the responses: the CA itself or a delegated responder (its certificate is included). */
export interface OcspSigningIdentity {
  readonly der: Uint8Array;
  readonly privateKey: webcrypto.CryptoKey | KeyObject;
}

export interface OcspResponderOptions {
  /** Signs the answers; default behaviour for every serial is `good`. */
  readonly signer: OcspSigningIdentity;
  /** Extra certificates to put in each response (e.g. decoys before the real responder certificate). */
  readonly extraCertificates?: readonly Uint8Array[];
  /** Include the signer's own certificate (default: yes, unless it is the CA signing directly). */
  readonly includeSigner?: boolean;
  /** Identify the responder by key hash instead of by name. */
  readonly responderIdByKey?: boolean;
  readonly behaviours?: Readonly<Record<string, OcspBehaviour>>;
  readonly defaultBehaviour?: OcspBehaviour;
  /** Default: a random free port. A fixed one lets a PKI put the URL in certificates before the responder starts. */
  readonly port?: number;
}

export interface OcspResponder {
  readonly url: string;
  /** Requests received so far (to check that no request was made). */
  readonly requestCount: number;
  /** Serial number as hex (leading zeros and case do not matter). */
  setBehaviour(serialHex: string, behaviour: OcspBehaviour): void;
  close(): Promise<void>;
}

const OID = { nonce: '1.3.6.1.5.5.7.48.1.2', basic: '1.3.6.1.5.5.7.48.1.1' };
const normaliseSerial = (hex: string) => hex.toLowerCase().replace(/^0+/, '');

export async function startOcspResponder(options: OcspResponderOptions): Promise<OcspResponder> {
  const behaviours = new Map(Object.entries(options.behaviours ?? {}).map(([k, v]) => [normaliseSerial(k), v]));
  const signerCert = pkijs.Certificate.fromBER(new Uint8Array(options.signer.der));
  const signerKey = options.signer.privateKey instanceof KeyObject ? options.signer.privateKey : KeyObject.from(options.signer.privateKey);
  const includeSigner = options.includeSigner ?? true;
  let requestCount = 0;

  const server = createServer((request, response) => {
    requestCount += 1;
    void handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(400).end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const ocspRequest = pkijs.OCSPRequest.fromBER(Buffer.concat(chunks));
    const reqCert = ocspRequest.tbsRequest.requestList[0]!.reqCert;
    const serial = normaliseSerial(Buffer.from(reqCert.serialNumber.valueBlock.valueHexView).toString('hex'));
    const behaviour = behaviours.get(serial) ?? options.defaultBehaviour ?? 'good';
    if (behaviour === 'silent') return; // the socket stays open until the client gives up or close()
    if (behaviour === 'http-error') {
      response.writeHead(500).end();
      return;
    }
    if (behaviour === 'oversized') {
      response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(Buffer.alloc(1024 * 1024));
      return;
    }
    const nonce = ocspRequest.tbsRequest.requestExtensions?.find((e) => e.extnID === OID.nonce);
    const body = behaviour === 'try-later'
      ? new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: 3 }) }).toSchema().toBER(false)
      : answer(reqCert, behaviour, nonce);
    response.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(Buffer.from(body));
  }

  function answer(reqCert: pkijs.CertID, behaviour: OcspBehaviour, nonce: pkijs.Extension | undefined): ArrayBuffer {
    const now = Date.now();
    const stale = behaviour === 'stale';
    const certID = behaviour === 'other-certificate'
      ? new pkijs.CertID({ ...reqCert, serialNumber: new asn1js.Integer({ value: 4242 }) })
      : reqCert;
    const responseData = new pkijs.ResponseData({
      responderID: options.responderIdByKey
        ? new asn1js.OctetString({ valueHex: createHash('sha1').update(signerCert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest() })
        : signerCert.subject,
      producedAt: new Date(now),
      responses: [new pkijs.SingleResponse({
        certID,
        certStatus: certStatus(behaviour, now),
        thisUpdate: new Date(stale ? now - 86_400_000 : now - 1_000),
        nextUpdate: new Date(stale ? now - 43_200_000 : now + 3_600_000),
      })],
      ...(nonce && behaviour !== 'no-nonce' ? { responseExtensions: [nonce] } : {}),
    });
    const tbs = Buffer.from(responseData.toSchema(true).toBER(false));
    responseData.tbsView = new Uint8Array(tbs); // BasicOCSPResponse re-emits these exact signed bytes
    const isEc = signerKey.asymmetricKeyType === 'ec';
    const signature = sign('sha256', tbs, isEc ? { key: signerKey, dsaEncoding: 'der' } : signerKey);
    if (behaviour === 'bad-signature') signature[signature.length - 3] = signature[signature.length - 3]! ^ 0x01;
    const certs = [
      ...(options.extraCertificates ?? []).map((der) => pkijs.Certificate.fromBER(new Uint8Array(der))),
      ...(includeSigner ? [signerCert] : []),
    ];
    const basic = new pkijs.BasicOCSPResponse({
      tbsResponseData: responseData,
      signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: isEc ? '1.2.840.10045.4.3.2' : '1.2.840.113549.1.1.11' }),
      signature: new asn1js.BitString({ valueHex: signature }),
      ...(certs.length > 0 ? { certs } : {}),
    });
    return new pkijs.OCSPResponse({
      responseStatus: new asn1js.Enumerated({ value: 0 }),
      responseBytes: new pkijs.ResponseBytes({
        responseType: OID.basic,
        response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER(false) }),
      }),
    }).toSchema().toBER(false);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ocsp`,
    get requestCount() {
      return requestCount;
    },
    setBehaviour: (serialHex, behaviour) => void behaviours.set(normaliseSerial(serialHex), behaviour),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function certStatus(behaviour: OcspBehaviour, now: number): asn1js.BaseBlock {
  if (behaviour === 'revoked') {
    return new asn1js.Constructed({
      idBlock: { tagClass: 3, tagNumber: 1 },
      value: [new asn1js.GeneralizedTime({ valueDate: new Date(now - 3_600_000) })],
    });
  }
  // [0] IMPLICIT NULL for good, [2] IMPLICIT NULL for unknown.
  return new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: behaviour === 'unknown' ? 2 : 0 } });
}
