// Every parser that takes bytes or JSON from outside, with the property each must keep: whatever
// comes in, the answer is a result or a typed error (AppError / ParseResult / ValidationResult) —
// never another exception, never a hang. `fuzz.test.ts` runs a short pass in `npm test`;
// `npm run fuzz` runs at least 100 000 cases per target.
import fc from 'fast-check';
import { parseResponse } from '../../src/apdu/response.ts';
import { parseSimpleTlv } from '../../src/card/simple-tlv.ts';
import { parseIdentity } from '../../src/card/identity-file.ts';
import { parseAddress } from '../../src/card/address-file.ts';
import { parseCardData } from '../../src/card/card-data.ts';
import { certificateLength } from '../../src/card/certificate-file.ts';
import { describeCertificate } from '../../src/card/certificate-info.ts';
import { openEidCard } from '../../src/card/eid-card.ts';
import { createTokenValidator } from '../../src/auth/index.ts';
import { createTestCa, createTestUser } from '../../src/test-pki/test-pki.ts';
import { tokenFor, TEST_NONCE, TEST_ORIGIN } from '../../src/test-pki/software-token.ts';
import { createBackendClient } from '../../src/backend/client.ts';
import { createDispatch } from '../../src/companion/dispatch.ts';
import type { Companion } from '../../src/companion/companion.ts';
import { methods } from '../../src/contract/bridge.ts';
import { parseFrame, callMessageSchema } from '../../src/contract/wire.ts';
import { MAX_RETURN_PATH_LENGTH, parseAppLink } from '../../src/contract/app-link.ts';
import { isAppError } from '../../src/contract/errors.ts';
import { normalizeSupportCode } from '../../src/contract/support-report.ts';
import { AGENT_COOKIE, readSignedCookie } from '../../server/helpdesk/signed-cookie.ts';
import { createKeyedHash } from '../../server/keyed-hash.ts';
import { containsNationalNumber } from '../../server/support/personal-data.ts';
import type { CardConnection } from '../../src/pcsc/port.ts';

export interface FuzzOutcome {
  readonly failed: boolean;
  readonly numRuns: number;
  /** The counterexample and its error, printable; empty when the property held. */
  readonly report: string;
}

export interface FuzzTarget {
  readonly name: string;
  check(numRuns: number): Promise<FuzzOutcome>;
}

function target<Ts>(name: string, property: () => fc.IRawProperty<Ts>): FuzzTarget {
  return {
    name,
    async check(numRuns) {
      const details = await fc.check(property(), { numRuns });
      const report = details.failed
        ? `seed ${details.seed}, path ${details.counterexamplePath}: ${fc.stringify(details.counterexample)}\n${String(details.errorInstance)}`
        : '';
      return { failed: details.failed, numRuns: details.numRuns, report };
    },
  };
}

const bytes = (maxLength = 600) => fc.uint8Array({ maxLength });

/** Bytes that look like TLV files: mostly well-formed records with random values, some garbage. */
const tlvLike = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 0x20 }), fc.uint8Array({ maxLength: 130 })), { maxLength: 30 })
  .chain((records) =>
    fc.tuple(fc.constant(records), fc.uint8Array({ maxLength: 8 })).map(([rs, tail]) => {
      const parts = rs.flatMap(([tag, value]) => [tag, value.length, ...value]);
      return Uint8Array.from([...parts, ...tail]);
    }),
  );

function mustBeParseResult(result: { ok: boolean }): void {
  if (typeof result.ok !== 'boolean') throw new Error('not a ParseResult');
}

async function onlyAppErrors(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!isAppError(error)) throw error;
  }
}

/** A connection to a "card" whose answers come from the fuzzer, in order, then silence (6F00). */
function scriptedConnection(atr: Uint8Array, answers: Uint8Array[]): CardConnection {
  let next = 0;
  return {
    reader: 'Fuzz Reader',
    protocol: 'T0',
    atr,
    transmit: async () => answers[next++] ?? Uint8Array.of(0x6f, 0x00),
    control: async () => Uint8Array.of(),
    beginTransaction: async () => undefined,
    endTransaction: async () => undefined,
    disconnect: async () => undefined,
  };
}

const ATR_17 = Uint8Array.from([0x3b, 0x98, 0x13, 0x40, 0x0a, 0xa5, 0x03, 0x01, 0x01, 0x01, 0xad, 0x13, 0x11]);
const ATR_18 = Uint8Array.from([0x3b, 0x7f, 0x96, 0x00, 0x00, 0x80, 0x31, 0x80, 0x65, 0xb0, 0x85, 0x04, 0x01, 0x20, 0x12, 0x0f, 0xff, 0x82, 0x90, 0x00]);

/** Card answers: random data with plausible status words (61xx, 6Cxx, 9000, errors) most of the time. */
const cardAnswer = fc.oneof(
  bytes(300),
  fc.tuple(bytes(300), fc.constantFrom(0x90, 0x61, 0x6c, 0x63, 0x69, 0x6a, 0x6b, 0x6d), fc.integer({ min: 0, max: 255 })).map(
    ([data, sw1, sw2]) => Uint8Array.from([...data, sw1, sw2]),
  ),
);

// A validator with a real test root and one valid token, so mutations reach the deep checks.
const root = await createTestCa({ name: 'Fuzz Root CA' });
const user = await createTestUser(root);
const validToken = (await tokenFor(user)) as unknown as Record<string, string>;
const validator = createTokenValidator({ trustedCertificates: [root.der], revocation: false });

/** The valid token with one character of one field replaced. */
const mutatedToken = fc
  .tuple(fc.constantFrom(...Object.keys(validToken)), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }))
  .map(([field, at, ch]) => {
    const value = String(validToken[field]);
    const i = value.length === 0 ? 0 : at % value.length;
    return { ...validToken, [field]: value.slice(0, i) + ch + value.slice(i + 1) };
  });

const tokenLike = fc.oneof(
  fc.anything(),
  fc.record({
    unverifiedCertificate: fc.oneof(fc.base64String({ maxLength: 3000 }), fc.string()),
    algorithm: fc.oneof(fc.constantFrom('RS256', 'ES384', 'ES256', 'ES512', 'PS256', 'none'), fc.string()),
    signature: fc.oneof(fc.base64String({ maxLength: 600 }), fc.string()),
    format: fc.oneof(fc.constantFrom('web-eid:1.0', 'web-eid:1', 'web-eid:1.1', 'web-eid:2'), fc.string()),
    appVersion: fc.oneof(fc.webUrl(), fc.string()),
  }),
);

/** A backend that answers random statuses and bodies. */
function fuzzedBackend(status: number, body: string) {
  return createBackendClient({
    baseUrl: 'http://127.0.0.1:9',
    origin: 'https://login.myvivium.test',
    timeoutMs: 1000,
    fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }),
  });
}

const jsonish = fc.oneof(fc.json({ maxDepth: 3 }), fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)));

/** A companion whose every handler succeeds with nothing: only argument validation is under test. */
const cookieKey = createKeyedHash(new Uint8Array(32).fill(3));
/** Cookie headers: noise, our cookie's name with any value, and well-formed "payload.signature" with a wrong signature. */
const helpdeskCookieHeader = fc.oneof(
  fc.string({ maxLength: 600 }),
  fc.string({ maxLength: 300 }).map((value) => `${AGENT_COOKIE}=${value}`),
  fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.base64String({ minLength: 44, maxLength: 44 })).map(
    ([payload, signature]) => `a=b; ${AGENT_COOKIE}=${Buffer.from(JSON.stringify(payload) ?? 'null').toString('base64url')}.${signature.slice(0, 43).replace(/\+/g, '-').replace(/\//g, '_')}`,
  ),
);

const idleCompanion = {
  handlers: Object.fromEntries(Object.keys(methods).map((name) => [name, async () => ({})])),
} as unknown as Companion;
const dispatch = createDispatch(idleCompanion);

/** Strings shaped like app links (scheme, action, parameters from a hostile alphabet), and any string. */
const hostileText = fc.string({ unit: fc.constantFrom('/', '\\', '.', '%', '2', 'e', 'f', 'F', 'c', '5', ':', '?', '#', '&', '=', '@', ' ', '\t', '\n', '\u0000', '\u0085', 'a', 'h'), maxLength: 40 });
const pathLike = fc
  .array(fc.oneof(fc.constantFrom('', '.', '..', '%2e', '%252e%252E', '.%2E', 'evil.test', 'a'), hostileText), { maxLength: 6 })
  .map((segments) => `/${segments.join('/')}`);
const appLinkLike = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc
    .tuple(
      fc.constantFrom('myvivium-eid://', 'MyVivium-EID://', 'myvivium-eid:', 'https://'),
      fc.constantFrom('login', 'LOGIN', 'itsme-result', 'user@login', 'login:1', 'login/x', ''),
      fc.array(fc.tuple(fc.constantFrom('return', 'method', 'result', 'origin', 'nonce'), fc.oneof(pathLike, hostileText, fc.string({ maxLength: 60 }))), { maxLength: 4 }),
    )
    .map(([scheme, action, params]) => `${scheme}${action}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`),
);
const PORTAL = 'https://portal.myvivium.test';

/** What a parsed link may hold: a known screen, and a return path that stays on the portal. */
function mustBeSafeLinkRequest(link: string): void {
  const parsed = parseAppLink(link);
  if (!parsed.ok) return;
  const request = parsed.request;
  if (request.kind === 'itsme-result') {
    if (!/^[A-Za-z0-9_-]{43}$/.test(request.result)) throw new Error('an itsme result of the wrong shape');
    return;
  }
  if (request.method !== 'eid' && request.method !== 'itsme') throw new Error('an unknown login method');
  const path = request.returnPath;
  if (path === null) return;
  // eslint-disable-next-line no-control-regex
  if (path.length > MAX_RETURN_PATH_LENGTH || !path.startsWith('/') || path.startsWith('//') || path.includes('\\') || /[\u0000-\u001f\u007f-\u009f]/.test(path)) {
    throw new Error(`an unsafe return path: ${JSON.stringify(path)}`);
  }
  // Resolved against the portal it must stay there, also once dot segments are removed (`/..//host`).
  const resolved = new URL(path, PORTAL);
  if (resolved.origin !== PORTAL || resolved.pathname.startsWith('//')) throw new Error(`a return path that leaves the portal: ${JSON.stringify(path)}`);
}

export const targets: FuzzTarget[] = [
  target('APDU response', () => fc.property(bytes(), (b) => mustBeParseResult(parseResponse(b)))),
  target('simple TLV', () => fc.property(fc.oneof(bytes(), tlvLike), (b) => mustBeParseResult(parseSimpleTlv(b)))),
  target('identity file', () => fc.property(fc.oneof(bytes(), tlvLike), (b) => mustBeParseResult(parseIdentity(b)))),
  target('address file', () => fc.property(fc.oneof(bytes(200), tlvLike), (b) => mustBeParseResult(parseAddress(b)))),
  target('card data', () => fc.property(bytes(64), (b) => mustBeParseResult(parseCardData(b)))),
  target('certificate length', () => fc.property(bytes(16), (b) => mustBeParseResult(certificateLength(b)))),
  target('certificate (DER)', () => fc.property(bytes(1500), (b) => mustBeParseResult(describeCertificate(b)))),
  target('card answers (recognise + read identity)', () =>
      fc.asyncProperty(fc.constantFrom(ATR_17, ATR_18), fc.array(cardAnswer, { maxLength: 12 }), (atr, answers) =>
        onlyAppErrors(async () => {
          const card = await openEidCard(scriptedConnection(atr, answers));
          await card.readFile('identity');
        }),
      ),
  ),
  target('Web eID token', () =>
      fc.asyncProperty(fc.oneof(tokenLike, mutatedToken), async (token) => {
        const result = await validator.validate(token, { origin: TEST_ORIGIN, nonce: TEST_NONCE });
        if (typeof result.ok !== 'boolean') throw new Error('not a ValidationResult');
        if (result.ok && token !== validToken && JSON.stringify(token) !== JSON.stringify(validToken)) {
          // A one-character change that still validates is only acceptable in Base64 padding bits.
          const sameBytes = ['unverifiedCertificate', 'signature'].every(
            (f) => Buffer.from(String((token as Record<string, unknown>)[f]), 'base64').equals(Buffer.from(validToken[f]!, 'base64')),
          );
          const t = token as Record<string, unknown>;
          if (!sameBytes || t.algorithm !== validToken.algorithm) throw new Error('a changed token was accepted');
        }
      }),
  ),
  target('backend reply', () =>
      fc.asyncProperty(fc.integer({ min: 100, max: 599 }).filter((s) => s !== 101 && s !== 204 && s !== 205 && s !== 304 && s >= 200), jsonish, (status, body) =>
        onlyAppErrors(async () => {
          const client = fuzzedBackend(status, body);
          await client.challenge().catch((e: unknown) => (isAppError(e) ? undefined : Promise.reject(e)));
          await client.login({});
        }),
      ),
  ),
  target('bridge call', () =>
      fc.asyncProperty(fc.oneof(fc.constantFrom(...Object.keys(methods)), fc.string()), fc.anything(), async (method, args) => {
        const response = await dispatch(method, args);
        if (typeof response.ok !== 'boolean') throw new Error('not a BridgeResponse');
      }),
  ),
  target('myvivium-eid: link', () => fc.property(appLinkLike, (link) => mustBeSafeLinkRequest(link))),
  target('WebSocket frame', () =>
    fc.property(fc.oneof(fc.string({ maxLength: 500 }), jsonish), (text) => {
      parseFrame(callMessageSchema, text);
    }),
  ),
  target('helpdesk cookie and report text', () =>
    fc.property(helpdeskCookieHeader, fc.string({ maxLength: 600 }), (header, text) => {
      if (readSignedCookie(cookieKey, header, AGENT_COOKIE, Date.now()) !== null) throw new Error('a cookie without our signature was accepted');
      containsNationalNumber(text);
      normalizeSupportCode(text);
    }),
  ),
];
