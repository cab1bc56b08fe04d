import { randomUUID } from 'node:crypto';
import { createArxivClient } from '../../src/upstream/arxiv/client.js';
import { redactUrl, type Config } from '../../src/config.js';
import { addDays, currentDailyPapersDay } from '../../src/time/dates.js';
import { createHfClient } from '../../src/upstream/hf/client.js';
import { systemClock } from '../../src/ports/clock.js';
import type { Logger } from '../../src/ports/logger.js';
import { openBackend } from '../../src/store/index.js';
import { doctorProbeKey } from '../../src/store/keys.js';
import { CheckWarning, platformChecks, type Check } from './doctor-platforms.js';
import type { Io } from './io.js';

/**
 * Prints a checklist, one line per check: ✓ and what it found, or ✗ and why. Exit 1 when any
 * required check fails (`!` marks a failed optional one, the arXiv fallback).
 */
export async function runDoctor(config: Config, logger: Logger, io: Io): Promise<number> {
  const checks: Check[] = [
    {
      name: 'Configuration',
      required: true,
      run: async () => `store ${redactUrl(config.storeUrl)}, log level ${config.logLevel}`,
    },
    { name: 'Store', required: true, run: () => checkStore(config) },
    {
      name: 'Hugging Face',
      required: true,
      run: async () => {
        // One page of one paper: a small request that still proves the API answers and parses.
        const hf = createHfClient({
          baseUrl: config.hfApiUrl,
          token: config.hfToken,
          logger,
          retries: 0,
          timeoutMs: 8000,
          pageSize: 1,
          maxPages: 1,
        });
        const day = addDays(currentDailyPapersDay(systemClock.now()), -1);
        await hf.dailyPapers(day);
        return `${config.hfApiUrl} answered${config.hfToken ? ', with HF_TOKEN' : ''}`;
      },
    },
    {
      name: 'arXiv',
      required: false,
      run: async () => {
        const arxiv = createArxivClient({ apiUrl: config.arxivApiUrl, retries: 0, timeoutMs: 8000, minIntervalMs: 0 });
        const p = await arxiv.paper('1706.03762');
        return p ? `${config.arxivApiUrl} answered` : `${config.arxivApiUrl} answered without the probe paper`;
      },
    },
    ...platformChecks(config),
  ];
  let failed = false;
  for (const check of checks) {
    try {
      io.out(`✓ ${check.name}: ${await check.run()}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const required = check.required && !(error instanceof CheckWarning);
      io.out(`${required ? '✗' : '!'} ${check.name}: ${message}`);
      failed ||= required;
    }
  }
  return failed ? 1 : 0;
}

/** Reachable and writable: a write, a read and a delete of a key nobody else uses. */
async function checkStore(config: Config): Promise<string> {
  const backend = await openBackend(config.storeUrl);
  const key = doctorProbeKey(randomUUID());
  const value = randomUUID();
  try {
    await backend.kv.set(key, value, 60_000);
    if ((await backend.kv.get(key)) !== value) throw new Error('wrote a value but read back something else');
    await backend.kv.delete(key);
    if ((await backend.kv.get(key)) !== undefined) throw new Error('deleted a value but it is still there');
    return `${backend.kind}${backend.shared ? ' (shared by several instances)' : ' (single instance)'}, write, read and delete work`;
  } finally {
    await backend.close();
  }
}
