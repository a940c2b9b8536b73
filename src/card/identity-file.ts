// EF(ID#RN) (DF01 4031): the holder's identity as the National Register signed it. Field names are the
// CLI's JSON contract. Parsing accepts what real cards hold (see card-date.ts, simple-tlv.ts); unknown
// tags are skipped so newer cards still read.
import { parseBirthDate, parseDottedDate } from './card-date.ts';
import { parseFailure, parsed, type ParseResult } from './parse-result.ts';
import { toHex } from './hex.ts';
import { byteHex, parseSimpleTlv, type TlvRecord } from './simple-tlv.ts';

export interface Identity {
  cardNumber: string;
  chipNumber?: string;
  validityBegin?: string;
  validityEnd?: string;
  issuingMunicipality?: string;
  nationalNumber: string;
  surname: string;
  firstNames?: string;
  thirdNameInitial?: string;
  nationality?: string;
  placeOfBirth?: string;
  dateOfBirth?: string;
  gender?: 'female' | 'male';
  nobleCondition?: string;
  documentType?: number;
  specialStatus?: number;
  photoHash?: string;
  duplicate?: string;
  specialOrganisation?: number;
  memberOfFamily: boolean;
  dateAndCountryOfProtection?: string;
  workPermit?: string;
  employerVat1?: string;
  employerVat2?: string;
  regionalFileNumber?: string;
  basicKeyHash?: string;
  brexitMention1?: string;
  brexitMention2?: string;
  cardAMention1?: string;
  cardAMention2?: string;
  cardEuStartDate?: string;
}

type Field = Exclude<keyof Identity, 'memberOfFamily'>;
type Decoder = 'text' | 'hex' | 'number' | 'date' | 'birthDate' | 'gender';

const TAGS: ReadonlyMap<number, readonly [Field, Decoder]> = new Map([
  [0x01, ['cardNumber', 'text']],
  [0x02, ['chipNumber', 'hex']],
  [0x03, ['validityBegin', 'date']],
  [0x04, ['validityEnd', 'date']],
  [0x05, ['issuingMunicipality', 'text']],
  [0x06, ['nationalNumber', 'text']],
  [0x07, ['surname', 'text']],
  [0x08, ['firstNames', 'text']],
  [0x09, ['thirdNameInitial', 'text']],
  [0x0a, ['nationality', 'text']],
  [0x0b, ['placeOfBirth', 'text']],
  [0x0c, ['dateOfBirth', 'birthDate']],
  [0x0d, ['gender', 'gender']],
  [0x0e, ['nobleCondition', 'text']],
  [0x0f, ['documentType', 'number']],
  [0x10, ['specialStatus', 'number']],
  [0x11, ['photoHash', 'hex']],
  [0x12, ['duplicate', 'text']],
  [0x13, ['specialOrganisation', 'number']],
  [0x15, ['dateAndCountryOfProtection', 'text']],
  [0x16, ['workPermit', 'text']],
  [0x17, ['employerVat1', 'text']],
  [0x18, ['employerVat2', 'text']],
  [0x19, ['regionalFileNumber', 'text']],
  [0x1a, ['basicKeyHash', 'hex']],
  [0x1b, ['brexitMention1', 'text']],
  [0x1c, ['brexitMention2', 'text']],
  [0x1d, ['cardAMention1', 'text']],
  [0x1e, ['cardAMention2', 'text']],
  [0x1f, ['cardEuStartDate', 'date']],
]);
const MEMBER_OF_FAMILY = 0x14;
const REQUIRED: readonly Field[] = ['cardNumber', 'nationalNumber', 'surname'];

export function parseIdentity(bytes: Uint8Array): ParseResult<Identity> {
  const tlv = parseSimpleTlv(bytes);
  if (!tlv.ok) return tlv;
  const fields: Partial<Record<Field, string | number>> = {};
  let memberOfFamily = false;
  for (const record of tlv.value) {
    if (record.tag === MEMBER_OF_FAMILY) {
      memberOfFamily = true;
      continue;
    }
    const spec = TAGS.get(record.tag);
    if (!spec) continue;
    const decoded = decodeField(record, spec[1]);
    if (!decoded.ok) return decoded;
    if (decoded.value !== undefined) fields[spec[0]] = decoded.value;
  }
  for (const field of REQUIRED) {
    if (fields[field] === undefined) return parseFailure({ kind: 'missing-field', message: `identity file has no ${field}` });
  }
  return parsed({ ...(fields as Omit<Identity, 'memberOfFamily'>), memberOfFamily });
}

/** Decodes one record; an empty value is an absent field. */
export function decodeField(record: TlvRecord, decoder: Decoder): ParseResult<string | number | undefined> {
  const invalid = (why: string) =>
    parseFailure<never>({ kind: 'invalid-field', message: `tag ${byteHex(record.tag)}: ${why}`, tag: record.tag, offset: record.offset });
  if (record.value.length === 0) return parsed(undefined);
  if (decoder === 'hex') return parsed(toHex(record.value));
  const text = utf8(record.value);
  if (text === null) return invalid('not UTF-8');
  const trimmed = text.replace(/\0+$/, '').trim();
  if (trimmed === '') return parsed(undefined);
  switch (decoder) {
    case 'text':
      return parsed(trimmed);
    case 'number':
      return /^\d{1,3}$/.test(trimmed) ? parsed(Number(trimmed)) : invalid('not a number');
    case 'date':
      return orInvalid(parseDottedDate(trimmed), invalid);
    case 'birthDate':
      return orInvalid(parseBirthDate(trimmed), invalid);
    case 'gender':
      if (trimmed === 'M') return parsed('male');
      if (trimmed === 'F' || trimmed === 'V' || trimmed === 'W') return parsed('female');
      return invalid('unknown gender letter');
  }
}

function orInvalid(value: string | null, invalid: (why: string) => ParseResult<never>): ParseResult<string> {
  return value === null ? invalid('not a date') : parsed(value);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
