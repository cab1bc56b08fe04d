import {
  type APIEmbed,
  type APIActionRowComponent,
  type APIButtonComponent,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { PaperCard, Reply } from '../../src/model.js';
import { NUMBER_EMOJI } from '../../src/delivery/layout.js';
import { truncate } from '../../src/text/truncate.js';
import { discordText, inertMarkdown, inertTitle } from './markdown.js';

/** Discord's message limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  total: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
  url: 512,
} as const;

/**
 * Paper cards per command reply. In the real Daily Papers of test/fixtures (96 cards) a card's embed
 * is 638 characters at the median, 748 at p90 and 1,221 at most: five stay inside a message's 6,000
 * characters, so their text shows in full (`fitEmbeds` shortens every body evenly when it would not).
 */
export const CARDS_PER_REPLY = 5;

const HF_YELLOW = 0xffd21e;

type Row = APIActionRowComponent<APIButtonComponent>;

/** The payload fields discord.js sends for a message or an interaction reply. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: Row[];
  /** Never ping anyone: paper titles can contain @everyone or role mentions. */
  allowedMentions: { parse: [] };
}

/**
 * A paper's embed. Upstream text is made inert where Discord renders Markdown (the title's subset,
 * the description, the links field); the author line and the footer render none and stay as written.
 */
export function cardEmbed(card: PaperCard, withLinks: boolean): APIEmbed {
  const links = card.links.map((l) => `[${inertMarkdown(l.label)}](${l.url})`).join(' · ');
  return {
    title: truncate(inertTitle(card.title), DISCORD_LIMITS.title),
    url: card.url,
    color: HF_YELLOW,
    author: { name: truncate(card.authors, DISCORD_LIMITS.author) },
    description: truncate(
      `${card.why ? `*${inertMarkdown(card.why)}*\n` : ''}**${card.bodyLabel}:** ${inertMarkdown(card.body)}`,
      DISCORD_LIMITS.description,
    ),
    ...(withLinks && links ? { fields: [{ name: 'Links', value: truncate(links, DISCORD_LIMITS.fieldValue) }] } : {}),
    ...(card.meta.length ? { footer: { text: truncate(card.meta.join(' · '), DISCORD_LIMITS.footer) } } : {}),
    ...(card.thumbnail ? { thumbnail: { url: card.thumbnail } } : {}),
  };
}

const embedLength = (e: APIEmbed) =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.author?.name.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/** Shortens descriptions evenly until all embeds together fit Discord's 6,000-character budget. */
export function fitEmbeds(embeds: APIEmbed[]): APIEmbed[] {
  const list = embeds.slice(0, DISCORD_LIMITS.embeds);
  let total = list.reduce((n, e) => n + embedLength(e), 0);
  if (total <= DISCORD_LIMITS.total) return list;
  const fixed = total - list.reduce((n, e) => n + (e.description?.length ?? 0), 0);
  const share = Math.max(40, Math.floor((DISCORD_LIMITS.total - fixed - 20) / list.length));
  const out = list.map((e) => ({ ...e, description: e.description ? truncate(e.description, share) : undefined }));
  total = out.reduce((n, e) => n + embedLength(e), 0);
  // Still over (huge titles and footers): drop footers, then trailing embeds.
  if (total > DISCORD_LIMITS.total) out.forEach((e) => delete e.footer);
  while (out.length > 1 && out.reduce((n, e) => n + embedLength(e), 0) > DISCORD_LIMITS.total) out.pop();
  return out;
}

function linkRow(card: PaperCard): Row {
  return {
    type: ComponentType.ActionRow,
    components: card.links.slice(0, DISCORD_LIMITS.buttonsPerRow).map((l) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: truncate(l.label, DISCORD_LIMITS.buttonLabel),
      url: l.url,
    })),
  };
}

/** A paper on its own message (daily post): the embed and its link buttons. */
export function paperMessage(card: PaperCard): DiscordMessage {
  return {
    embeds: fitEmbeds([cardEmbed(card, false)]),
    components: card.links.length ? [linkRow(card)] : [],
    allowedMentions: { parse: [] },
  };
}

/** A command reply: text, up to ten cards (links inside each), and action buttons. */
export function replyMessage(r: Reply): DiscordMessage {
  const single = r.cards.length === 1 ? r.cards[0] : undefined;
  const embeds = fitEmbeds(r.cards.map((c) => cardEmbed(c, !single)));
  const actions = r.buttons
    .filter((b) => b.action.length <= DISCORD_LIMITS.customId)
    .slice(0, DISCORD_LIMITS.buttonsPerRow);
  const components: Row[] = [];
  if (single?.links.length) components.push(linkRow(single));
  if (actions.length) {
    components.push({
      type: ComponentType.ActionRow,
      components: actions.map((b) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: truncate(b.label, DISCORD_LIMITS.buttonLabel),
        custom_id: b.action,
      })),
    });
  }
  const content = r.text ? truncate(discordText(r.text), DISCORD_LIMITS.content) : embeds.length ? undefined : '…';
  return { ...(content !== undefined ? { content } : {}), embeds, components, allowedMentions: { parse: [] } };
}

/** The header of a daily post. */
export const headerMessage = (text: string): DiscordMessage => ({
  content: truncate(discordText(text), DISCORD_LIMITS.content),
  embeds: [],
  components: [],
  allowedMentions: { parse: [] },
});

/** A compact day: the header, then the papers as numbered lines in one embed (votes are the numbered reactions). */
export function listMessage(text: string, cards: readonly PaperCard[]): DiscordMessage {
  const share = Math.floor(DISCORD_LIMITS.description / Math.max(1, cards.length)) - 1;
  const lines = cards.map((c, i) =>
    truncate(
      `${NUMBER_EMOJI[i] ?? `${i + 1}.`} **[${inertMarkdown(c.title)}](${c.url})**${c.meta[0] ? ` · ${inertMarkdown(c.meta[0])}` : ''}\n${inertMarkdown(c.authors)}`,
      share,
    ),
  );
  const embeds = cards.length ? [{ color: HF_YELLOW, description: lines.join('\n') }] : [];
  return {
    content: truncate(discordText(text), DISCORD_LIMITS.content),
    embeds,
    components: [],
    allowedMentions: { parse: [] },
  };
}
