import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITE_PERMISSION_INTEGER } from '../adapters/discord/invite.js';
import { readManifestBotScopes } from '../adapters/slack/manifest.js';
import { configDefaults } from '../src/config.js';
import { createHfFake, type HfFake } from './fakes/hf-fake.js';
import { createSlackFake, postSigned, type SlackFake } from './fakes/slack/fake.js';
import { SECRET, startSlackBot } from './support/slack-bot.js';

const readme = readFileSync('README.md', 'utf8');
const configurationDoc = readFileSync('docs/configuration.md', 'utf8');
const discordDoc = readFileSync('docs/discord.md', 'utf8');
const slackDoc = readFileSync('docs/slack.md', 'utf8');

/** The text of `doc` from the heading `## title` to the next `## ` heading (or the end); fails when there is none. */
function section(doc: string, title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  expect(start, `a "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** `| \`NAME\` | default | meaning |` rows of docs/configuration.md's "## Variables" section. */
function configurationTable(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of section(configurationDoc, 'Variables').split('\n')) {
    const m = /^\| `([A-Z][A-Z0-9_]*)` \| ([^|]*) \|/.exec(line);
    if (m) rows.set(m[1] ?? '', (m[2] ?? '').trim().replace(/^`(.*)`$/, '$1'));
  }
  return rows;
}

/** Variables `paperfeed shard-manager` sets in each process it starts; an operator never writes them. */
const SET_BY_SHARD_MANAGER = ['SHARDS', 'SHARD_COUNT'];

/** What docs/configuration.md and .env.example write for a default: the value, or – / empty for none. */
const written = (value: unknown): string =>
  value === undefined || (Array.isArray(value) && value.length === 0) ? '' : String(value);

describe('the configuration reference', () => {
  const defaults = configDefaults();

  it('names every variable src/config.ts reads, and no other, in the table of docs/configuration.md', () => {
    expect([...configurationTable().keys()].sort()).toEqual(Object.keys(defaults).sort());
  });

  it('gives each variable the default src/config.ts uses', () => {
    const table = configurationTable();
    for (const [name, value] of Object.entries(defaults)) {
      expect({ name, default: table.get(name)?.replace(/^–$/, '') }).toEqual({ name, default: written(value) });
    }
  });

  it('matches .env.example, name for name and default for default (but what the shard manager sets)', () => {
    const lines = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l));
    const example = new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const byHand = Object.entries(defaults).filter(([name]) => !SET_BY_SHARD_MANAGER.includes(name));
    expect([...example.keys()].sort()).toEqual(byHand.map(([name]) => name).sort());
    for (const [name, value] of byHand)
      expect({ name, value: example.get(name) }).toEqual({ name, value: written(value) });
  });
});

describe('the setup guides', () => {
  it('names every bot scope slack/manifest.yml asks for, in the manifest section of docs/slack.md', () => {
    const manifest = section(slackDoc, 'The app and its manifest');
    for (const scope of readManifestBotScopes()) expect(manifest).toContain(`\`${scope}\``);
  });

  it("gives the invite link the scopes and permission integer doctor prints, in the README's quick start and docs/discord.md", () => {
    const link = `https://discord.com/oauth2/authorize?client_id=<APPLICATION_ID>&scope=bot+applications.commands&permissions=${INVITE_PERMISSION_INTEGER}`;
    expect(section(readme, 'Run a bot in a test server')).toContain(link);
    expect(section(discordDoc, 'Set up the bot')).toContain(link);
  });

  describe('Slack checking the Event Subscriptions URL against the running bot', () => {
    let slack: SlackFake;
    let hf: HfFake;
    let bot: Awaited<ReturnType<typeof startSlackBot>>;
    beforeAll(async () => {
      [slack, hf] = await Promise.all([createSlackFake(), createHfFake()]);
      bot = await startSlackBot(slack, hf);
    });
    afterAll(async () => {
      await bot.adapter.stop();
      await Promise.all([slack.close(), hf.close()]);
    });

    it('answers the url_verification challenge, so the URL shows Verified', async () => {
      const body = JSON.stringify({
        token: 'legacy',
        challenge: 'c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
        type: 'url_verification',
      });
      const res = await postSigned(bot.url, body, 'application/json', SECRET);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
    });
  });
});
