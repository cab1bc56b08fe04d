import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/pino-logger.js';

/** A logger writing into an array, as stderr would receive it (one line per entry). */
function capture(level: Parameters<typeof createLogger>[0], options: Parameters<typeof createLogger>[1] = {}) {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, { ...options, write: (line) => lines.push(line) }) };
}

describe('the production log on stderr', () => {
  it('is one JSON line per entry, with the level as a word, an ISO time and the message', () => {
    const { lines, logger } = capture('info');
    logger.info('post', { platform: 'slack', outcome: 'ok', ms: 12 });
    logger.warn('storage is unavailable');
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({
      level: 'info',
      msg: 'post',
      platform: 'slack',
      outcome: 'ok',
      ms: 12,
      pid: process.pid,
    });
    expect(new Date(String(first.time)).toISOString()).toBe(first.time);
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 'warn', msg: 'storage is unavailable' });
  });

  it('redacts tokens, the signing secret and authorization headers in a logged object', () => {
    const { lines, logger } = capture('info');
    logger.info('config', {
      token: 'tok-one',
      discord: { token: 'tok-two' },
      config: { slack: { botToken: 'xoxb-three', signingSecret: 'sig-four' } },
      request: { headers: { authorization: 'Bot tok-five', accept: 'application/json' } },
    });
    const line = lines[0]!;
    for (const secret of ['tok-one', 'tok-two', 'xoxb-three', 'sig-four', 'tok-five'])
      expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      token: '[redacted]',
      discord: { token: '[redacted]' },
      request: { headers: { authorization: '[redacted]', accept: 'application/json' } },
    });
  });

  it('redacts a configured secret wherever it appears, even inside an error message', () => {
    const { lines, logger } = capture('info', { secrets: ['xoxb-live-secret-token'] });
    logger.error('slack listener failed', { error: new Error('invalid_auth for xoxb-live-secret-token') });
    expect(lines[0]).not.toContain('xoxb-live-secret-token');
    expect(lines[0]).toContain('invalid_auth for [redacted]');
  });

  it("keeps an error's cause, under any key", () => {
    const { lines, logger } = capture('info');
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    logger.error('delivery failed', {
      error: new Error('redis store is unavailable', { cause }),
      other: new TypeError('x', { cause }),
    });
    const entry = JSON.parse(lines[0]!) as { error: Record<string, unknown>; other: Record<string, unknown> };
    expect(entry.error).toMatchObject({
      type: 'Error',
      message: 'redis store is unavailable',
      cause: { type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:6379' },
    });
    expect(entry.error.stack).toMatch(/^Error: redis store is unavailable\n/);
    expect(entry.other).toMatchObject({ type: 'TypeError', cause: { message: 'connect ECONNREFUSED 127.0.0.1:6379' } });
  });

  it('honours LOG_LEVEL: warn drops debug and info, silent drops everything', () => {
    const warn = capture('warn');
    const silent = capture('silent');
    for (const { logger } of [warn, silent]) {
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
    }
    expect(warn.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['w', 'e']);
    expect(silent.lines).toEqual([]);
    const debug = capture('debug');
    debug.logger.debug('d');
    expect(debug.lines).toHaveLength(1);
  });

  it('is readable text rather than JSON on a terminal', () => {
    const { lines, logger } = capture('info', { pretty: true });
    logger.info('search index ready', { papers: 42 });
    const text = lines.join('\n');
    expect(() => JSON.parse(lines[0]!)).toThrow();
    expect(text).toMatch(/INFO/);
    expect(text).toMatch(/search index ready/);
    expect(text).toMatch(/papers.*42/);
  });
});
