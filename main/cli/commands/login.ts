// `eid-companion login --backend URL [--origin URL] [--reader NAME] [--pin-stdin] [--json]`: the whole
// eID login from the terminal (challenge, PIN, sign, login) through the same companion the app uses.
// Exit 0 logged in, 1 the login failed (the error code says why), 2 usage.
import { AppError, isAppError, type AppErrorData, type BridgeResponse, type MethodName } from '../../../src/contract/index.ts';
import { PIN_PAD_TIMEOUT_SECONDS } from '../../../src/card-service/index.ts';
import { forkCardWorker } from '../../card-process/fork.ts';
import { resolveConfig } from '../../config.ts';
import { buildServices } from '../../services.ts';
import { EXIT, readFlags, type CliCommand, type CliIo } from '../io.ts';

const USAGE = 'Usage: eid-companion login --backend URL [--origin URL] [--reader NAME] [--pin-stdin] [--json]';

export const run: CliCommand = async (argv, io) => {
  const values = readFlags(argv, io, USAGE, {
    backend: { type: 'string' },
    origin: { type: 'string' },
    reader: { type: 'string' },
    'pin-stdin': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  });
  if (typeof values === 'number') return values;
  if (!values.backend) {
    io.err(`--backend is required.\n${USAGE}`);
    return EXIT.usage;
  }
  let config;
  try {
    config = resolveConfig({ backend: values.backend, origin: values.origin }, io.env);
  } catch (error) {
    io.err(`${isAppError(error) ? error.message : String(error)}\n${USAGE}`);
    return EXIT.usage;
  }

  const services = buildServices(config, {
    spawnWorker: forkCardWorker,
    openExternal: async () => undefined,
    language: { get: () => 'en', set: () => undefined },
  });
  const report = reporter(io, values.json);
  try {
    const reader = values.reader ? { reader: values.reader } : {};
    const prepared = unwrap(await services.dispatch('login.prepare', reader) as BridgeResponse<'login.prepare'>);
    if (!values.json) io.err(`Logging in ${prepared.holderName} to ${config.origin}${prepared.triesLeft !== null ? ` (${prepared.triesLeft} PIN tries left)` : ''}.`);
    let complete: BridgeResponse<'login.complete'>;
    if (values['pin-stdin']) {
      const pin = firstLine(await io.readStdin());
      complete = (await services.dispatch('login.complete', { loginId: prepared.loginId, pin })) as BridgeResponse<'login.complete'>;
    } else if (prepared.pinPad) {
      if (!values.json) io.err(`Type your PIN on the card reader (${PIN_PAD_TIMEOUT_SECONDS} seconds).`);
      complete = (await services.dispatch('login.complete', { loginId: prepared.loginId, usePinPad: true })) as BridgeResponse<'login.complete'>;
    } else {
      throw new AppError('INVALID_ARGUMENT', 'this reader has no PIN pad: pass the PIN on standard input with --pin-stdin');
    }
    const { account } = unwrap(complete);
    report.success(account);
    return EXIT.ok;
  } catch (error) {
    const data = isAppError(error) ? error.toJSON() : new AppError('INTERNAL', String(error)).toJSON();
    report.failure(data);
    return data.code === 'INVALID_ARGUMENT' && !values['pin-stdin'] ? EXIT.usage : EXIT.failure;
  } finally {
    await services.stop();
  }
};

function unwrap<M extends MethodName>(response: BridgeResponse<M>) {
  if (!response.ok) throw new AppError(response.error.code, response.error.message, response.error.details);
  return response.result;
}

/** The PIN is the first line of standard input; nothing else is kept. */
function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').trim();
}

function reporter(io: CliIo, json: boolean) {
  return {
    success(account: { displayName: string; email?: string | undefined; phone?: string | undefined; needsOnboarding: boolean }) {
      if (json) {
        io.out(JSON.stringify({ ok: true, account }));
        return;
      }
      io.out(`Logged in as ${account.displayName}.`);
      io.out(`E-mail: ${account.email ?? '(none)'}; phone: ${account.phone ?? '(none)'}`);
      io.out(account.needsOnboarding ? 'Onboarding needed: link an e-mail address or a mobile number.' : 'Account ready.');
    },
    failure(error: AppErrorData) {
      if (json) {
        io.out(JSON.stringify({ ok: false, error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } }));
        return;
      }
      const tries = typeof error.details?.triesLeft === 'number' ? ` (${error.details.triesLeft} tries left)` : '';
      io.err(`Login failed: ${error.code}${tries}: ${error.message}`);
    },
  };
}
