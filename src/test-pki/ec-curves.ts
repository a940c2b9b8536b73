// The NIST curves the test PKI and the virtual card use, with what the BigInt code needs of them.
export type EcCurveName = 'P-256' | 'P-384' | 'P-521';

export interface EcCurve {
  /** node:crypto's name for createECDH. */
  readonly ecdh: string;
  /** The group order n, as `openssl ecparam -param_enc explicit` prints it. */
  readonly order: bigint;
  /** Bytes of a scalar or coordinate. */
  readonly bytes: number;
}

export const EC_CURVES: Record<EcCurveName, EcCurve> = {
  'P-256': { ecdh: 'prime256v1', bytes: 32, order: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551') },
  'P-384': { ecdh: 'secp384r1', bytes: 48, order: BigInt('0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973') },
  'P-521': { ecdh: 'secp521r1', bytes: 66, order: BigInt('0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409') },
};

export function isEcCurveName(name: string | undefined): name is EcCurveName {
  return name !== undefined && Object.hasOwn(EC_CURVES, name);
}
