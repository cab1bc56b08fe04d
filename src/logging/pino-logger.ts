import { createRequire } from 'node:module';
import { pino, stdSerializers, type DestinationStream } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import type { Logger, LogLevel } from '../ports/logger.js';

/**
 * Object paths pino's `redact` censors wherever they appear in a logged context (one or two
 * levels deep, and request headers): tokens, the signing secret, authorization headers.
 */
export const REDACT_PATHS: readonly string[] = [
  ...[
    'token',
    'botToken',
    'appToken',
    'hfToken',
    'signingSecret',
    'password',
    'secrets',
    'authorization',
    'cookie',
  ].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  ...['headers', '*.headers', '*.*.headers'].flatMap((h) => [
    `${h}.authorization`,
    `${h}.cookie`,
    `${h}["x-slack-signature"]`,
  ]),
];

export interface LoggerOptions {
  /** Secret values, replaced in every line wherever they appear (a token inside an error message or a URL). */
  secrets?: readonly string[];
  /** Where each line goes, without its newline (default: stderr). */
  write?: (line: string) => void;
  /** Readable lines through pino-pretty (when it is installed) instead of JSON; for a terminal. */
  pretty?: boolean;
}

/**
 * The production logger, on pino: one JSON line per entry (`level` as a word, `time`, `pid`,
 * `hostname`, the context, `msg`), secrets redacted by pino's `redact` paths and, as a second net, by value. An `Error`
 * under any key is serialized with pino's `errWithCause`, so `error.cause` stays in the line.
 */
export function createLogger(level: LogLevel, options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const write = options.write ?? ((line: string) => void process.stderr.write(line + '\n'));
  const pretty = options.pretty ? loadPretty() : undefined;
  const scrub = (text: string): string => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
  const destination: DestinationStream = {
    write(line: string) {
      const clean = scrub(line);
      write((pretty ? pretty(clean) : clean).replace(/\n$/, ''));
    },
  };
  const log = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: stdSerializers.errWithCause, error: stdSerializers.errWithCause },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    },
    destination,
  );
  const at = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, ctx?: Record<string, unknown>) => {
    if (ctx) log[lvl](withErrors(ctx), msg);
    else log[lvl](msg);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Errors under keys other than `err`/`error` (which pino's serializers handle) get the same treatment. */
function withErrors(ctx: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(ctx)) {
    if (v instanceof Error && k !== 'err' && k !== 'error') (out ??= { ...ctx })[k] = stdSerializers.errWithCause(v);
  }
  return out ?? ctx;
}

/**
 * pino-pretty is an optional dependency: `npm ci --omit=dev` keeps it, `--omit=optional` drops it,
 * and then a terminal gets JSON lines too. Loaded only for a terminal, so a service never pays for it.
 */
function loadPretty(): ((line: string) => string) | undefined {
  try {
    const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as {
      prettyFactory(options: PrettyOptions): (line: string) => string;
    };
    return prettyFactory({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return undefined;
  }
}
