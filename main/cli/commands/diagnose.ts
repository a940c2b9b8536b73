// `eid-companion diagnose [--json] [--backend URL] [--include-personal-data] [--lang en|fr|nl|de]`:
// the helpdesk diagnosis in a terminal. Exit 0 when nothing fails, 1 otherwise (2 for bad usage).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { diagnosisLanguageSchema, type DiagnosisLanguage } from '../../../src/contract/diagnosis.ts';
import { AppError } from '../../../src/contract/errors.ts';
import { createCardLibraryInspector } from '../../../src/diagnostics/card-library-inspector.ts';
import { runDiagnosis } from '../../../src/diagnostics/run-diagnosis.ts';
import { bundledRootCertificates } from '../../../src/trust/index.ts';
import { createPlatformProbe } from '../../../native/platform/platform-probe.ts';
import { createPcscLitePort } from '../../../native/pcsclite/pcsclite-port.ts';
import { PRODUCTION } from '../../config.ts';
import { runtimeAnchorDirectory } from '../../trust-anchor-location.ts';
import { APP_VERSION } from '../../services.ts';
import { EXIT, isUsageError, type CliCommand, type CliIo } from '../io.ts';
import { fail, printJson } from '../format-output.ts';

const HELP = `Usage: eid-companion diagnose [--json] [--backend URL] [--include-personal-data] [--lang en|fr|nl|de]
                               [--reader NAME] [--trust PEM]...

Checks the card reader set-up step by step (smart card service, readers, card, card data,
certificates, PIN tries left, remote session, connection to MyVivium), says what is most likely
wrong and how to fix it, and prints a report you can send to the helpdesk. It never asks for the PIN.

  --json                   the report as JSON (verdict, findings, texts)
  --backend URL            the MyVivium backend to check (default: $MYVIVIUM_BACKEND or ${PRODUCTION.backend})
  --include-personal-data  put name, national number, address and birth date in the report
  --lang en|fr|nl|de       language of the report (default: from $LANG, else en)
  --reader NAME            examine this reader (default: the first with a card)
  --trust PEM              a root certificate the card's chain may end in (repeatable; default: the
                           app's bundled Belgian roots)

Exit code: 0 when no check fails, 1 when one does, 2 for bad usage.`;

function languageFrom(env: Readonly<Record<string, string | undefined>>): DiagnosisLanguage {
  const lang = (env.LC_ALL || env.LC_MESSAGES || env.LANG || '').slice(0, 2).toLowerCase();
  const parsed = diagnosisLanguageSchema.safeParse(lang);
  return parsed.success ? parsed.data : 'en';
}

async function trustedRoots(files: readonly string[]): Promise<string[]> {
  if (files.length > 0) return Promise.all(files.map((file) => readFile(file, 'utf8').catch(() => { throw new AppError('INVALID_ARGUMENT', `cannot read ${file}`); })));
  return bundledRootCertificates(runtimeAnchorDirectory());
}

export const run: CliCommand = async (argv, io: CliIo) => {
  let json = false;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        backend: { type: 'string' },
        'include-personal-data': { type: 'boolean' },
        lang: { type: 'string' },
        reader: { type: 'string' },
        trust: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    json = values.json ?? false;
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    const language = values.lang === undefined ? languageFrom(io.env) : diagnosisLanguageSchema.safeParse(values.lang).data;
    if (!language) throw new AppError('INVALID_ARGUMENT', '--lang takes en, fr, nl or de');
    const backendUrl = values.backend ?? io.env.MYVIVIUM_BACKEND ?? PRODUCTION.backend;
    try {
      const url = new URL(backendUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw new AppError('INVALID_ARGUMENT', `--backend must be an http(s) URL (got ${backendUrl.slice(0, 100)})`);
    }
    const pcsc = createPcscLitePort();
    try {
      const report = await runDiagnosis(
        {
          pcsc,
          platform: createPlatformProbe(),
          card: createCardLibraryInspector(pcsc.platform),
          fetch: globalThis.fetch,
          now: () => new Date(),
          appVersion: APP_VERSION,
          env: io.env,
          trustedRoots: await trustedRoots(values.trust ?? []),
        },
        { language, includePersonalData: values['include-personal-data'] ?? false, backendUrl, ...(values.reader ? { reader: values.reader } : {}) },
        json ? undefined : (p) => { if (p.probe !== 'done') io.err(`[${p.step + 1}/${p.total}] ${p.probe}…`); },
      );
      if (json) printJson(io, report);
      else io.out(report.summary);
      return report.outcome === 'fail' ? EXIT.failure : EXIT.ok;
    } finally {
      await pcsc.close().catch(() => {});
    }
  } catch (error) {
    if (isUsageError(error)) {
      io.err(`${error.message}\n${HELP}`);
      return EXIT.usage;
    }
    return fail(io, error, json);
  }
};
