import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_MAX_BODY_BYTES } from '../../../adapters/slack/body-limit.js';
import { createHfFake, type HfFake } from '../../fakes/hf-fake.js';
import { createSlackFake, type SlackFake } from '../../fakes/slack/fake.js';
import { command, startSlackBot } from '../../support/slack-bot.js';

let slack: SlackFake;
let hf: HfFake;
let bot: Awaited<ReturnType<typeof startSlackBot>>;

beforeAll(async () => {
  hf = await createHfFake();
  slack = await createSlackFake();
  bot = await startSlackBot(slack, hf);
});
afterAll(async () => {
  await bot.adapter.stop();
  await slack.close();
  await hf.close();
});

/**
 * POSTs `total` bytes of unsigned form data, reusing one 64 KiB chunk and honouring backpressure.
 * Without `declaredLength` the body is sent chunked. Stops writing once the server answers.
 */
function unsignedPost(
  url: string,
  total: number,
  declaredLength?: number,
): Promise<{ status: number; body: string; sent: number }> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(declaredLength ? { 'content-length': declaredLength } : {}),
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (d: string) => (body += d))
        .on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('Slack: oversized request bodies', () => {
  it('answers 413 to a streamed 50 MB unsigned POST without holding it in memory', async () => {
    const before = process.memoryUsage().rss;
    const res = await unsignedPost(bot.url, 50 * 1024 * 1024);
    const grownMb = (process.memoryUsage().rss - before) / 1024 / 1024;
    expect(res.status).toBe(413);
    expect(res.body).toMatch(`at most ${SLACK_MAX_BODY_BYTES} bytes`);
    expect(grownMb).toBeLessThan(30);
  });

  it('answers 413 from the Content-Length alone, before the body arrives', async () => {
    const res = await unsignedPost(bot.url, 64 * 1024, 300 * 1024 * 1024);
    expect(res.status).toBe(413);
  });

  it('still answers a signed command and a small unsigned POST as before', async () => {
    expect((await command(slack, bot.url, 'help')).text).toMatch(/\/papers search/);
    expect((await unsignedPost(bot.url, 64 * 1024)).status).toBe(401);
  });
});
