/**
 * Run by test/src/store/sqlite-io-error.slow.test.ts in a process of its own (`node --import tsx …`): SQLite
 * with a file-size limit (RLIMIT_FSIZE, set on this process with util-linux's `prlimit`), so its
 * writes fail with EFBIG, which SQLite reports as SQLITE_IOERR_WRITE, as a failing disk would.
 * Prints one JSON line: what commands answered, readiness and the log, before, during and after.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createHealth, storeCheck } from '../../adapters/bot/http-health.js';
import { runCommand } from '../../commands/index.js';
import { createMemoryLogger } from '../../src/ports/logger.js';
import { createSqliteBackend } from '../../src/store/sqlite-backend.js';
import { commandContext } from './command-context.js';

// Past the limit the kernel sends SIGXFSZ, which would kill the process; with it handled, the write fails instead.
process.on('SIGXFSZ', () => {});
// Only the soft limit moves (`soft:`), so it can be raised again without privileges.
const fileSizeLimit = (bytes: string) => execFileSync('prlimit', ['--pid', String(process.pid), `--fsize=${bytes}:`]);

const logger = createMemoryLogger();
const backend = createSqliteBackend(join(process.argv[2]!, 'store.sqlite'), { logger });
const health = createHealth({ expect: ['store'] });
health.ready = true;
health.set('store', storeCheck(backend));
const subscribe = async (channelId: string) =>
  (
    await runCommand(
      'subscribe',
      { time: '09:00', timezone: 'UTC' },
      commandContext(backend, { channel: { platform: 'discord', teamId: 'g', channelId } }),
    )
  ).text;

const before = await subscribe('c1');
fileSizeLimit('1');
const during = [await subscribe('c2'), await subscribe('c3')];
const readyDuring = await health.readiness();
fileSizeLimit('unlimited');
const readyAfter = await health.readiness();
const after = await subscribe('c2');
await backend.close();
process.stdout.write(
  JSON.stringify({
    before,
    during,
    readyDuring,
    readyAfter,
    after,
    log: logger.entries.filter((e) => e.level !== 'debug').map((e) => `${e.level} ${e.msg}`),
  }) + '\n',
);
