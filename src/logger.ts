/** Logging port: structured, levelled, and never given a token to print. */
export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * One JSON line per entry on stderr. `secrets` are replaced wherever they appear, so a token that
 * slips into an error message (a URL, an upstream echo) never reaches the log.
 */
export function createLogger(
  level: LogLevel,
  options: { secrets?: string[]; write?: (line: string) => void } = {},
): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const redact = (text: string): string => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
  const log = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, ctx?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const entry = { time: new Date().toISOString(), level: lvl, msg, ...serialise(ctx) };
    write(redact(JSON.stringify(entry)));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function serialise(ctx: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!ctx) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  }
  return out;
}

/** A logger that drops everything; for tests and benchmarks. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps entries in memory so tests can assert on them. */
export function createMemoryLogger(): Logger & { entries: { level: string; msg: string; ctx?: Record<string, unknown> }[] } {
  const entries: { level: string; msg: string; ctx?: Record<string, unknown> }[] = [];
  const at = (level: string) => (msg: string, ctx?: Record<string, unknown>) => void entries.push({ level, msg, ctx });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Distinct messages remembered by a rate-limited logger. */
const MAX_TRACKED = 1000;

/**
 * Passes each distinct message (level + text) on at most once per `intervalMs`; repeats in between
 * are dropped and counted, and the next one let through says how many (`repeated`). For warnings
 * that a library or the internet can produce on every request.
 */
export function createRateLimitedLogger(logger: Logger, options: { intervalMs?: number; now?: () => number } = {}): Logger {
  const intervalMs = options.intervalMs ?? 60_000;
  const now = options.now ?? Date.now;
  const seen = new Map<string, { at: number; dropped: number }>();
  const limited = (lvl: Exclude<LogLevel, 'silent'>) => (msg: string, ctx?: Record<string, unknown>) => {
    const key = `${lvl}:${msg}`;
    const t = now();
    const last = seen.get(key);
    if (last && t - last.at < intervalMs) return void last.dropped++;
    // Forget quiet messages so varied text (ids, paths) cannot grow the map without bound.
    if (seen.size >= MAX_TRACKED) {
      for (const [k, v] of seen) if (t - v.at >= intervalMs) seen.delete(k);
      if (seen.size >= MAX_TRACKED) seen.delete(seen.keys().next().value!);
    }
    seen.set(key, { at: t, dropped: 0 });
    logger[lvl](msg, last?.dropped ? { ...ctx, repeated: last.dropped } : ctx);
  };
  return { debug: logger.debug, info: limited('info'), warn: limited('warn'), error: limited('error') };
}
