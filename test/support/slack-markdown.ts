/**
 * Finds Markdown in a Slack payload that Slack's mrkdwn would show as typed: `**bold**`,
 * `__bold__`, `~~strike~~` and masked links `[text](url)` (mrkdwn bolds with one `*`, strikes
 * with one `~` and links as `<url|text>`). Every place Slack renders text is read: the message's
 * `text`, each block's text and fields, and each element of a context or actions block.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

const LITERAL = [
  { name: '**', pattern: /\*\*/ },
  { name: '__', pattern: /__/ },
  { name: '~~', pattern: /~~/ },
  { name: '[text](url)', pattern: /\[[^\]\n]*\]\(\s*<?[a-z][a-z0-9+.-]*:/i },
];

/** Every text a Slack message body shows, with where it sits (`text`, `blocks[2].text`, …). */
export function slackTexts(body: unknown): { where: string; text: string }[] {
  if (!isObject(body)) return [];
  const out: { where: string; text: string }[] = [];
  if (typeof body.text === 'string') out.push({ where: 'text', text: body.text });
  const textOf = (t: unknown) => (isObject(t) && typeof t.text === 'string' ? t.text : undefined);
  list(body.blocks).forEach((b, i) => {
    const own = textOf(b.text);
    if (own !== undefined) out.push({ where: `blocks[${i}].text`, text: own });
    list(b.fields).forEach((f, j) => {
      const t = textOf(f);
      if (t !== undefined) out.push({ where: `blocks[${i}].fields[${j}]`, text: t });
    });
    list(b.elements).forEach((e, j) => {
      const t = typeof e.text === 'string' ? e.text : textOf(e.text);
      if (t !== undefined) out.push({ where: `blocks[${i}].elements[${j}]`, text: t });
    });
  });
  return out;
}

/** `where: ** in "…"` for each piece of Markdown Slack would show literally; none when the payload is clean. */
export function literalMarkdown(where: string, body: unknown): string[] {
  return slackTexts(body).flatMap((t) =>
    LITERAL.filter((l) => l.pattern.test(t.text)).map(
      (l) => `${where} ${t.where}: ${l.name} in ${JSON.stringify(t.text.slice(0, 160))}`,
    ),
  );
}
