// The Belgian trust anchors: pins, the loader that refuses anything unpinned, and the build-time fetcher.
// Node-only (node:crypto, node:fs): used by the app's main process, the reference server and diagnostics.
export { BELGIAN_ROOT_PINS, normaliseFingerprint, pinForFingerprint, type RootPin, type RootPinId } from './pins.ts';
export { parseCertificateFile, sha256Hex, type ParsedCertificate, type CertificateFileError } from './certificate-file.ts';
export {
  loadTrustAnchors,
  describeTrustAnchorError,
  type AnchorFile,
  type TrustAnchor,
  type TrustAnchorError,
  type TrustAnchorResult,
  type TrustMode,
  type LoadTrustAnchorsOptions,
} from './anchors.ts';
export { readAnchorFiles, loadTrustAnchorDirectory, appAnchorDirectory, bundledRootCertificates } from './anchor-directory.ts';
export { OFFICIAL_ROOT_SOURCES, type RootSource } from './sources.ts';
export { fetchTrustAnchors, formatFetchReport, type FetchAnchorsReport } from './fetch-anchors.ts';
