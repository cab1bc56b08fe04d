import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const url = process.env.POSTGRES_URL;
const child = fileURLToPath(new URL('../../support/pg-session-kill.ts', import.meta.url));

describe.skipIf(!url)('PostgreSQL sessions terminated under the bot', () => {
  if (!url)
    console.log(
      'skipping the PostgreSQL restart test: POSTGRES_URL is not set (CI sets postgres://postgres@127.0.0.1:5432/test)',
    );

  it('keeps the process alive, logs the outage and the reconnect once, and keeps working on new connections', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child], {
      env: { ...process.env, POSTGRES_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(proc, 'exit')) as [number | null];
    expect(stderr).not.toMatch(/Unhandled|uncaught/i);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines.find((l) => l.summary)?.summary as {
      terminated: number;
      failures: number;
      after: Record<string, unknown>;
    };
    expect(summary.terminated).toBeGreaterThan(0);
    expect(summary.after).toEqual({ map: 'after', kv: 'before', lease: true, state: 'up' });
    expect(summary.failures).toBeLessThanOrEqual(1);
    expect(lines.filter((l) => l.msg).map((l) => `${String(l.level)} ${String(l.msg)}`)).toEqual([
      'warn storage is unavailable',
      'info storage reconnected',
    ]);
  }, 20_000);
});
