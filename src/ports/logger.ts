/**
 * Logging port: structured, levelled, and never given a token to print. This file holds the port
 * and the small loggers tests and library warnings use; the production logger (pino, JSON lines,
 * redaction) is in src/logging/pino-logger.ts, which imports this port and never the reverse.
 */
export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** A logger that drops everything; for tests and benchmarks. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps entries in memory so tests can assert on them. */
export function createMemoryLogger(): Logger & {
  entries: { level: string; msg: string; ctx?: Record<string, unknown> }[];
} {
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
export function createRateLimitedLogger(
  logger: Logger,
  /** `now`: the injected clock's (ms). */
  options: { intervalMs?: number; now: () => number },
): Logger {
  const intervalMs = options.intervalMs ?? 60_000;
  const { now } = options;
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
