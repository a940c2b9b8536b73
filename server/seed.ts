// Demo customers. The first is the default holder of the virtual card (src/virtual-card SPECIMEN_HOLDER,
// used by both the 1.7 and the 1.8 profile), so the demo and the integration tests log in to a known
// account; it has no contact yet, so the demo walks through onboarding. The second is an already
// onboarded customer (a card made with `holder: { nationalNumber: '90010100123' }`); the third has only a mobile number. Kept here as data
// because server/ may not import the virtual card: test/integration/server-seed.test.ts checks both agree.
export interface SeedEntry {
  readonly nationalNumber: string;
  readonly displayName: string;
  readonly email?: string;
  readonly phone?: string;
}

export const SEED_CUSTOMERS: readonly SeedEntry[] = [
  { nationalNumber: '85051200203', displayName: 'Eva Demo Specimen' },
  { nationalNumber: '90010100123', displayName: 'Jan Demo Specimen', email: 'jan.specimen@example.test', phone: '+32470000001' },
  // A mobile number but no e-mail address: enough after an eID login, not after itsme (the FAQ's rule).
  { nationalNumber: '93051822361', displayName: 'Luc Demo Specimen', phone: '+32470000002' },
];
