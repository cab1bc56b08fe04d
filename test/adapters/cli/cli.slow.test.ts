import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { PAPERFEED_FROM_SOURCE } from '../../support/spawn-bot.js';

let hf: HfFake;
beforeAll(async () => {
  hf = await createHfFake();
});
afterAll(() => hf.close());

describe('paperfeed CLI', () => {
  it('runs as a process (`npm run dev -- digest …`), printing what it was asked for', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...PAPERFEED_FROM_SOURCE, 'digest', '--date', '2026-06-12', '--json', '--count', '1'],
      {
        env: { PATH: process.env.PATH, STORE_URL: 'memory://', HF_API_URL: hf.url },
      },
    );
    expect(JSON.parse(stdout).papers[0].id).toBe('2606.13681');
  });
});
