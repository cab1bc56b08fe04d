import { createArxivClient } from '../../src/arxiv/client.js';
import { redactUrl, type Config } from '../../src/config.js';
import { addDays, currentDailyPapersDay } from '../../src/dates.js';
import { createHfClient } from '../../src/hf/client.js';
import type { Logger } from '../../src/logger.js';
import { openBackend } from '../../src/store/index.js';
import type { Io } from './main.js';

interface Check {
  name: string;
  required: boolean;
  run(): Promise<string>;
}

/** Prints a checklist: configuration, store, upstreams and platforms. Exit 1 when a required check fails. */
export async function runDoctor(config: Config, logger: Logger, io: Io): Promise<number> {
  const checks: Check[] = [
    { name: 'Configuration', required: true, run: async () => `store ${redactUrl(config.storeUrl)}, log level ${config.logLevel}` },
    {
      name: 'Store',
      required: true,
      run: async () => {
        const backend = await openBackend(config.storeUrl);
        try {
          await backend.kv.set('doctor:probe', Date.now(), 60_000);
          if ((await backend.kv.get('doctor:probe')) === undefined) throw new Error('wrote a value but could not read it back');
          return `${backend.kind}${backend.shared ? ' (shared by several instances)' : ' (single instance)'}`;
        } finally {
          await backend.close();
        }
      },
    },
    {
      name: 'Hugging Face',
      required: true,
      run: async () => {
        const hf = createHfClient({ baseUrl: config.hfApiUrl, token: config.hfToken, logger, retries: 0, timeoutMs: 8000, maxPages: 1 });
        const day = addDays(currentDailyPapersDay(Date.now()), -1);
        const papers = await hf.dailyPapers(day);
        return `${config.hfApiUrl} answered (${papers.length} papers on ${day})${config.hfToken ? ', with HF_TOKEN' : ''}`;
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
    { name: 'Discord', required: false, run: () => checkDiscord(config) },
    { name: 'Slack', required: false, run: () => checkSlack(config) },
  ];
  let failed = false;
  for (const check of checks) {
    try {
      io.out(`✓ ${check.name}: ${await check.run()}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      io.out(`${check.required ? '✗' : '!'} ${check.name}: ${message}`);
      failed ||= check.required;
    }
  }
  return failed ? 1 : 0;
}

async function checkDiscord(config: Config): Promise<string> {
  if (!config.discord) return 'not configured (set DISCORD_TOKEN to enable)';
  const res = await fetch(`${config.discord.apiUrl}/v10/users/@me`, {
    headers: { authorization: `Bot ${config.discord.token}` },
    signal: AbortSignal.timeout(8000),
  });
  if (res.status === 401) throw new Error('DISCORD_TOKEN was rejected (401)');
  if (!res.ok) throw new Error(`Discord answered HTTP ${res.status}`);
  const me = (await res.json()) as { username?: string };
  return `logged in as ${me.username ?? 'the bot'}${config.discord.guildId ? `, commands go to server ${config.discord.guildId}` : ', commands are global'}`;
}

async function checkSlack(config: Config): Promise<string> {
  if (!config.slack) return 'not configured (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to enable)';
  const res = await fetch(`${config.slack.apiUrl}auth.test`, {
    method: 'POST',
    headers: { authorization: `Bearer ${config.slack.botToken}` },
    signal: AbortSignal.timeout(8000),
  });
  const body = (await res.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
  if (!body.ok) throw new Error(`Slack rejected the bot token (${body.error ?? `HTTP ${res.status}`})`);
  const mode = config.slack.appToken ? 'Socket Mode' : `HTTP on port ${config.port}`;
  return `logged in as ${body.user ?? 'the bot'} in ${body.team ?? 'the workspace'}, ${mode}`;
}
