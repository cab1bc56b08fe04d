import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DISK_ERROR } from '../../support/sqlite-faults.js';

const noPrlimit = spawnSync('prlimit', ['--version']).error ? 'util-linux prlimit is not installed' : undefined;

/** The disk I/O error needs a process of its own (a file size limit and SIGXFSZ): test/support/sqlite-io-error.ts. */
describe('SQLite that cannot write', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it.skipIf(Boolean(noPrlimit))(
    'on a disk I/O error, says "storage has a disk error", fails readiness, logs it once, and recovers',
    async () => {
      if (noPrlimit) console.log(`skipping the disk I/O error test: ${noPrlimit}`);
      dir = mkdtempSync(join(tmpdir(), 'paperfeed-faults-'));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'test/support/sqlite-io-error.ts', dir],
        { timeout: 15_000 },
      );
      const r = JSON.parse(stdout) as Record<string, unknown>;
      expect(r).toEqual({
        before: expect.stringMatching(/^📬 Subscribed/),
        during: [DISK_ERROR, DISK_ERROR],
        readyDuring: {
          ok: false,
          status: 'degraded',
          checks: { store: expect.stringMatching(/^sqlite has disk errors since .*Z \(disk I\/O error\)$/) },
        },
        readyAfter: { ok: true, status: 'ready', checks: { store: 'ok' } },
        after: expect.stringMatching(/^📬 Subscribed/),
        log: ['warn storage has disk errors (writes fail)', 'info storage accepts writes again'],
      });
    },
  );
});
