/**
 * Papers whose every upstream field carries text that would become a link, a mention or formatting
 * if a renderer let it through (built on the real 2026-06-12 capture, so the payload shape is
 * Hugging Face's), and the set of URLs the bot itself makes for them.
 */
import { paperLinks } from '../../src/papers/card.js';
import { hfToPaper } from '../../src/upstream/hf/to-paper.js';
import type { HfListItem } from '../../src/upstream/hf/schema.js';
import { hfPaperUrl } from '../../src/papers/paper-id.js';
import { fixtureDay } from '../fakes/hf-fake.js';

/** Discord, Slack and Markdown syntax that must show as text; `pwn` marks what formatting would open. */
export const hostile = (tag: string): string =>
  `[masked-${tag}](http://evil.example/${tag}) <http://evil.example/raw-${tag}> http://evil.example/bare-${tag} ` +
  `@everyone @here <@123> <@!123> <@&456> <#789> <t:1700000000:R> <!channel> <!here> <@U123> <!subteam^S1> ` +
  `<http://evil.example/slack-${tag}|x> **pwn-bold** *pwn-it* _pwn-u_ ~~pwn-strike~~ ||pwn-spoiler|| \`pwn-code\``;

/** A title: long enough to carry each kind once, short enough for the 250-character card title. */
export const hostileTitle = (i: number): string =>
  `# pwn-head ${i} [Breakout](http://evil.example/compact) <http://evil.example/t> <@123> @everyone <!channel> <@U123> **pwn-bold** ||pwn-spoiler||`;

/** Names that open a quote, subtext or a link when they start a line, or mention someone. */
export const HOSTILE_NAMES = [
  '> pwn-quote <@123>',
  '-# pwn-sub [name](http://evil.example/name)',
  '@everyone <!channel> **pwn-bold**',
];

/** What a user types: a search query, an id, a filter. */
export const HOSTILE_QUERY = '[q](http://evil.example/q) <@123> @everyone <!channel> <@U123> **pwn-bold** agents';
export const HOSTILE_ID = '[x](http://evil.example/id) <@123> @everyone <!here>';
export const HOSTILE_KEYWORDS = "agents '[k](http://evil.example/k) <@123> <!channel> pwn'";

/** Three HF list items (the second without an AI summary, so its abstract shows). */
export function hostileItems(): unknown[] {
  return (fixtureDay() as { paper: Record<string, unknown> }[]).slice(0, 3).map((raw, i) => {
    const item = structuredClone(raw) as Record<string, unknown> & { paper: Record<string, unknown> };
    const title = hostileTitle(i);
    Object.assign(item, { title, summary: hostile(`abs${i}`), numComments: 3 });
    Object.assign(item.paper, {
      title,
      summary: hostile(`abs${i}`),
      ai_summary: i === 1 ? undefined : hostile(`ai${i}`),
      ai_keywords: [hostile(`kw${i}`)],
      authors: HOSTILE_NAMES.map((name, j) => ({ _id: `a${i}${j}`, name, hidden: false })),
      githubRepo: `https://github.com/evil/repo${i}) [pwn](http://evil.example/repo${i}`,
      githubStars: 42,
      projectPage: `https://evil.example/project${i}?a=<b>|c d`,
      upvotes: 50 - i,
    });
    return item;
  });
}

/** The URLs the bot makes for these papers: their pages and their links' targets, made safe. */
export function botUrls(items: readonly unknown[]): Set<string> {
  const urls = new Set<string>(['https://arxiv.org/abs/2406.14833']); // the example in a bad id's answer
  for (const item of items as HfListItem[]) {
    const paper = hfToPaper(item.paper, item)!;
    urls.add(hfPaperUrl(paper.id));
    for (const l of paperLinks(paper)) urls.add(l.url);
  }
  return urls;
}
