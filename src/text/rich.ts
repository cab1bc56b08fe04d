/**
 * Neutral text: what the bot says, with its emphasis, code, links and the pieces it did not write
 * marked, never spelled in one platform's syntax. Commands and the core write replies and headers
 * with these functions; each adapter renders the result in its own syntax (Discord Markdown,
 * Slack mrkdwn, plain text for logs and names), so no platform shows another's asterisks.
 *
 * A neutral text is a plain string (it is stored in delivery intents as it is): the marks are
 * Unicode noncharacters (U+FDD0–U+FDDA), which the standard reserves for a program's internal use.
 * Outside text (`verbatim`) and code lose any marks they carry, so text from outside can never
 * open or close a mark the bot did not make. Lists are lines that start with `• ` (`bullets`),
 * which every platform shows as written.
 */

export const MARK = {
  outsideOpen: '\uFDD0',
  outsideClose: '\uFDD1',
  strongOpen: '\uFDD2',
  strongClose: '\uFDD3',
  emphasisOpen: '\uFDD4',
  emphasisClose: '\uFDD5',
  codeOpen: '\uFDD6',
  codeClose: '\uFDD7',
  linkOpen: '\uFDD8',
  linkLabel: '\uFDD9',
  linkClose: '\uFDDA',
} as const;

const ANY_MARK = /[\uFDD0-\uFDDA]/g;
/** `text` without any mark: for the inside of outside text, code and URLs. */
export const unmarked = (text: string): string => text.replace(ANY_MARK, '');

/** Strong emphasis (bold) around `text`, which may hold outside pieces. */
export const strong = (text: string): string => `${MARK.strongOpen}${text}${MARK.strongClose}`;
/** Emphasis (italics) around `text`, which may hold outside pieces. */
export const emphasis = (text: string): string => `${MARK.emphasisOpen}${text}${MARK.emphasisClose}`;
/** Code: a command or value to type, shown as written in a code face. */
export const code = (text: string): string => `${MARK.codeOpen}${unmarked(text)}${MARK.codeClose}`;
/** A link to `url` labelled `label` (which may hold outside pieces, e.g. a paper's title). */
export const link = (url: string, label: string): string =>
  `${MARK.linkOpen}${unmarked(url)}${MARK.linkLabel}${label}${MARK.linkClose}`;
/** A list: one line per item, each starting with a bullet. */
export const bullets = (items: readonly string[]): string => items.map((i) => `• ${i}`).join('\n');

/** A piece of neutral text, as `parseText` reads it. */
export type Inline =
  | { kind: 'own'; text: string }
  | { kind: 'outside'; text: string }
  | { kind: 'strong' | 'emphasis'; children: Inline[] }
  | { kind: 'code'; text: string }
  | { kind: 'link'; url: string; children: Inline[] };

/**
 * Reads neutral text into its pieces. Tolerant of cut text: a mark whose end is missing (the text
 * was truncated) runs to the end; a stray end mark is dropped.
 */
export function parseText(text: string): Inline[] {
  let at = 0;
  const until = (end: string): string => {
    const stop = text.indexOf(end, at);
    const inner = text.slice(at, stop < 0 ? undefined : stop);
    at = stop < 0 ? text.length : stop + 1;
    return unmarked(inner);
  };
  const nodes = (closer?: string): Inline[] => {
    const out: Inline[] = [];
    let own = '';
    const flush = () => {
      if (own) out.push({ kind: 'own', text: own });
      own = '';
    };
    while (at < text.length) {
      const c = text[at]!;
      at++;
      if (c === closer) break;
      if (c === MARK.outsideOpen) {
        flush();
        const inner = until(MARK.outsideClose);
        if (inner) out.push({ kind: 'outside', text: inner });
      } else if (c === MARK.codeOpen) {
        flush();
        const inner = until(MARK.codeClose);
        if (inner) out.push({ kind: 'code', text: inner });
      } else if (c === MARK.strongOpen || c === MARK.emphasisOpen) {
        flush();
        const children = nodes(c === MARK.strongOpen ? MARK.strongClose : MARK.emphasisClose);
        if (children.length) out.push({ kind: c === MARK.strongOpen ? 'strong' : 'emphasis', children });
      } else if (c === MARK.linkOpen) {
        flush();
        const url = until(MARK.linkLabel);
        const children = nodes(MARK.linkClose);
        if (url) out.push({ kind: 'link', url, children: children.length ? children : [{ kind: 'own', text: url }] });
        else out.push(...children);
        // Any other mark is a stray end: nothing to show.
      } else if (!/[\uFDD0-\uFDDA]/.test(c)) own += c;
    }
    flush();
    return out;
  };
  return nodes();
}

/** How one platform writes each piece; `strong`, `emphasis` and `link` get their inside already rendered. */
export interface TextRenderer {
  own(text: string): string;
  outside(text: string): string;
  strong(inner: string): string;
  emphasis(inner: string): string;
  code(text: string): string;
  link(url: string, label: string): string;
}

/** Renders neutral text with one platform's renderer. */
export function renderText(text: string, r: TextRenderer): string {
  const render = (nodes: readonly Inline[]): string =>
    nodes
      .map((n) => {
        switch (n.kind) {
          case 'own':
            return r.own(n.text);
          case 'outside':
            return r.outside(n.text);
          case 'code':
            return r.code(n.text);
          case 'strong':
            return r.strong(render(n.children));
          case 'emphasis':
            return r.emphasis(render(n.children));
          case 'link':
            return r.link(n.url, render(n.children));
        }
      })
      .join('');
  return render(parseText(text));
}

const PLAIN: TextRenderer = {
  own: (t) => t,
  outside: (t) => t,
  strong: (t) => t,
  emphasis: (t) => t,
  code: (t) => t,
  link: (url, label) => (label === url ? url : `${label} (${url})`),
};

/**
 * The text as plain characters, for places that show no formatting (thread names, forum titles,
 * a terminal, logs): marks dropped, a link as its label and its URL in brackets.
 */
export const plainText = (text: string): string => renderText(text, PLAIN);
