// The virtual Belgian eID card: an emulated BELPIC applet (1.7 RSA / 1.8 ECC) with certificates from the
// test PKI (src/test-pki, whose hierarchy is re-exported here for the card's users), usable in-process
// behind PcscPort (unit tests, the demo) or attached to pcscd through native/vpcd.
export {
  createVirtualCard,
  VirtualCard,
  VirtualCardFault,
  ATR,
  type VirtualCardOptions,
  type FaultKnobs,
  type FaultSettings,
  type ExportedPem,
  type VirtualCardFaultKind,
} from './virtual-card.ts';
export {
  createTestPki,
  BELGIAN_POLICY,
  TEST_ROOT_NAME,
  TEST_CITIZEN_CA_NAME,
  type TestPki,
  type TestPkiOptions,
  type Credential,
  type IssuedCertificate,
  type CertificateValidity,
  type CitizenCertificateRequest,
} from '../test-pki/test-pki.ts';
export { SPECIMEN_HOLDER, nationalNumberCheck, type Holder, type HolderAddress, type HolderOverrides } from './holder.ts';
export { BELPIC_APPLET_AID, PKCS15_AID, ID_FILES_AID, type AppletProfile } from './pkcs15-files.ts';
export { SW } from './belpic-applet.ts';
export { InProcessPcscPort, type InProcessPcscPortOptions, type InProcessReaderSpec } from './in-process-port.ts';
export { CONTROL_CODES, FEATURE, type PinPad, type PinPadEntry, type PinPadRequest } from './pin-pad.ts';
