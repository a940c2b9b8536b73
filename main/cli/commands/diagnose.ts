// `eid-companion diagnose [--json] [--backend URL] [--include-personal-data] [--lang LANGUAGE]`:
// the helpdesk diagnosis in a terminal. Exit 0 when nothing fails, 1 otherwise (2 for bad usage).
import { parseArgs } from 'node:util';
import { diagnosisLanguageSchema, type DiagnosisLanguage } from '../../../src/contract/diagnosis.ts';
import { LANGUAGES, pickLanguage } from '../../../src/i18n/languages.ts';
import { AppError } from '../../../src/contract/errors.ts';
import { diagnose } from '../../../src/card-service/index.ts';
import { machinePort } from '../../machine-port.ts';
import { checkBackendUrl, PRODUCTION } from '../../config.ts';
import { diagnosisHost } from '../../diagnosis-host.ts';
import { runtimeAnchorDirectory } from '../../trust-anchor-location.ts';
import { EXIT, type CliCommand, type CliIo } from '../io.ts';
import { failCommand, printJson } from '../format-output.ts';

const HELP = `Usage: eid-companion diagnose [--json] [--backend URL] [--include-personal-data] [--lang ${LANGUAGES.join('|')}]
                               [--reader NAME] [--trust PEM]...

Checks the card reader set-up step by step (smart card service, readers, card, card data,
certificates, PIN tries left, remote session, connection to MyVivium), says what is most likely
wrong and how to fix it, and prints a report you can send to the helpdesk. It never asks for the PIN.

  --json                   the report as JSON (verdict, findings, texts)
  --backend URL            the MyVivium backend to check (default: $MYVIVIUM_BACKEND or ${PRODUCTION.backend})
  --include-personal-data  put name, national number, address and birth date in the report
  --lang ${LANGUAGES.join('|').padEnd(16)} language of the report (default: from $LANG, else en)
  --reader NAME            examine this reader (default: the first with a card)
  --trust PEM              a root certificate the card's chain may end in (repeatable; default: the
                           app's bundled Belgian roots)

Exit code: 0 when no check fails, 1 when one does, 2 for bad usage.`;

/** The locale the environment names (LC_ALL over LC_MESSAGES over LANG), as one of our languages, else English. */
function languageFrom(env: Readonly<Record<string, string | undefined>>): DiagnosisLanguage {
  return pickLanguage([env.LC_ALL || env.LC_MESSAGES || env.LANG || '']);
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
    if (!language) throw new AppError('INVALID_ARGUMENT', `--lang takes ${LANGUAGES.join(', ')}`);
    const backendUrl = values.backend ?? io.env.MYVIVIUM_BACKEND ?? PRODUCTION.backend;
    checkBackendUrl(backendUrl);
    const pcsc = await machinePort();
    try {
      const report = await diagnose(
        pcsc,
        await diagnosisHost(io.env, { trustFiles: values.trust ?? [], anchorDirectory: runtimeAnchorDirectory() }),
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
    return failCommand(io, error, json, HELP);
  }
};
