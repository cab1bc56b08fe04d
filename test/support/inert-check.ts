/**
 * Reads message payloads the way Discord and Slack render them, and lists every link and mention
 * they would show, so a test can compare them with the links the bot itself made.
 *
 * Discord (message content, embed descriptions and field values render full Markdown): a
 * backslash before ASCII punctuation makes that character plain; live are masked links
 * `[text](url)`, autolinks `<scheme:…>`, bare `scheme://…` URLs, mentions `<@id>` `<@!id>` `<@&id>`
 * `<#id>`, `@everyone`/`@here`, timestamps `<t:…>` and command mentions `</name:id>`.
 * Embed titles and field names render emphasis only. Author names, footers, button labels,
 * thread and forum post names render nothing.
 *
 * Slack (mrkdwn): every `<…>` is live (a link `<url|text>`, or a mention `<@U…>`, `<!channel>`,
 * `<#C…>`, `<!subteam^…>`); bare URLs link in a message's `text` and in mrkdwn objects without
 * `verbatim: true`. plain_text renders nothing.
 */

export interface Live {
  links: string[];
  mentions: string[];
  /** Emphasis, spoilers, code, headings or quotes the text opens right before `pwn` (the test's marker word). */
  formatting: string[];
}

const none = (): Live => ({ links: [], mentions: [], formatting: [] });
const merge = (a: Live, b: Live): Live => ({
  links: [...a.links, ...b.links],
  mentions: [...a.mentions, ...b.mentions],
  formatting: [...a.formatting, ...b.formatting],
});

/** The text as Discord's parser sees it, with each escaped character replaced by U+FFFC (plain, opens nothing). */
const discordPlain = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '\uFFFC');

const PWN_INLINE = /(\*\*|\*|__|_|~~|\|\||`)pwn/g;
const PWN_LINE = /^(#{1,3} |-# |> |>>> |[-*+] |\d+\. )pwn/gm;

/** Links, mentions and formatting Discord shows for `text` in a place that renders full Markdown. */
export function discordLive(text: string): Live {
  let rest = discordPlain(text);
  const out = none();
  // Conservatively, every `](url` of the raw text counts: a masked link's label may hold a backslash, so `\](` can end one.
  for (const m of text.matchAll(/\]\(\s*<?((?:\\.|[^\s)>\\])+)/g)) out.links.push(m[1]!.replace(/\\(.)/g, '$1'));
  rest = rest.replace(/\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_, _label, url) => {
    out.links.push(String(url));
    return '\uFFFC';
  });
  rest = rest.replace(/<@!?\d+>|<@&\d+>|<#\d+>|<t:-?\d+(?::[tTdDfFR])?>|<\/[^:>]+:\d+>|@everyone|@here/g, (m) => {
    out.mentions.push(m);
    return '\uFFFC';
  });
  rest = rest.replace(/<([a-z][a-z0-9+.-]*:[^\s>]+)>/gi, (_, url) => {
    out.links.push(String(url));
    return '\uFFFC';
  });
  for (const m of rest.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s<\uFFFC]+[^<.,:;"')\]\s\uFFFC]/gi)) out.links.push(m[0]);
  for (const m of [...rest.matchAll(PWN_INLINE), ...rest.matchAll(PWN_LINE)]) out.formatting.push(m[0]);
  return out;
}

/** Formatting Discord shows in an embed title or field name (emphasis, spoilers and code only). */
export function discordTitleLive(text: string): Live {
  return { ...none(), formatting: [...discordPlain(text).matchAll(PWN_INLINE)].map((m) => m[0]) };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Everything live in one Discord message object (`content`, `embeds`, `components`). */
function discordMessage(m: Json): Live {
  let out = discordLive(str(m.content));
  for (const e of list(m.embeds)) {
    out = merge(out, discordLive(str(e.description)));
    out = merge(out, discordTitleLive(str(e.title)));
    if (e.url) out.links.push(str(e.url));
    for (const f of list(e.fields)) out = merge(merge(out, discordLive(str(f.value))), discordTitleLive(str(f.name)));
  }
  for (const row of list(m.components)) for (const c of list(row.components)) if (c.url) out.links.push(str(c.url));
  return out;
}

/** Everything live in a request body sent to Discord: a message, an interaction answer (`data`), a forum post (`message`). */
export function discordPayloadLive(body: unknown): Live {
  if (!isObject(body)) return none();
  let out = 'content' in body || 'embeds' in body ? discordMessage(body) : none();
  for (const inner of [body.data, body.message]) if (isObject(inner)) out = merge(out, discordPayloadLive(inner));
  return out;
}

/** Links and mentions Slack shows for mrkdwn `text`; `autoLinks`: bare URLs link too. */
export function slackLive(text: string, autoLinks: boolean): Live {
  const out = none();
  const rest = text.replace(/<([^<>]*)>/g, (_, inner: string) => {
    const target = inner.split('|')[0]!;
    if (/^[@!#]/.test(target)) out.mentions.push(`<${inner}>`);
    else out.links.push(target);
    return ' ';
  });
  if (autoLinks) for (const m of rest.matchAll(/https?:\/\/[^\s<>|]+/g)) out.links.push(m[0]);
  return out;
}

/** A Block Kit text object: mrkdwn is read as Slack renders it; plain_text shows as written. */
function slackTextObject(t: unknown): Live {
  if (!isObject(t) || t.type !== 'mrkdwn') return none();
  return slackLive(str(t.text), t.verbatim !== true);
}

/** Everything live in a Slack message body: its `text` (mrkdwn, bare URLs link) and its blocks. */
export function slackPayloadLive(body: unknown): Live {
  if (!isObject(body)) return none();
  let out = body.mrkdwn === false ? none() : slackLive(str(body.text), true);
  for (const b of list(body.blocks)) {
    out = merge(out, slackTextObject(b.text));
    for (const f of list(b.fields)) out = merge(out, slackTextObject(f));
    for (const e of list(b.elements)) {
      out = merge(out, slackTextObject(e));
      if (e.url) out.links.push(str(e.url));
    }
    if (isObject(b.accessory) && b.accessory.url) out.links.push(str(b.accessory.url));
  }
  return out;
}

/** What a reader sees of `text` where Discord renders Markdown: each escaping backslash dropped. */
export const discordShown = (text: string): string => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
