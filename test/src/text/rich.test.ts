import { describe, expect, it } from 'vitest';
import { bullets, code, emphasis, link, parseText, plainText, renderText, strong } from '../../../src/text/rich.js';
import { quoted, verbatim } from '../../../src/text/verbatim.js';

/** A renderer that shows each piece's kind: outside text upper-cased, the rest in brackets. */
const shown = (t: string) =>
  renderText(t, {
    own: (s) => s,
    outside: (s) => s.toUpperCase(),
    strong: (s) => `[b:${s}]`,
    emphasis: (s) => `[i:${s}]`,
    code: (s) => `[c:${s}]`,
    link: (url, label) => `[${label}→${url}]`,
  });

describe('neutral text', () => {
  it.each([
    ['the bot alone', 'Results:', 'Results:'],
    ['one outside piece', `Results for ${quoted('agents')}:`, 'Results for "AGENTS":'],
    ['two pieces', `${verbatim('a')} and ${verbatim('b')}`, 'A and B'],
    ['bold around outside text', `• ${strong(verbatim('evening'))} (active)`, '• [b:EVENING] (active)'],
    ['italics', emphasis('from the local index'), '[i:from the local index]'],
    ['code', `Run ${code('/papers resume')}.`, 'Run [c:/papers resume].'],
    [
      'a link labelled with a title',
      link('https://hf.co/papers/1', verbatim('A *title*')),
      '[A *TITLE*→https://hf.co/papers/1]',
    ],
    ['a link without a label shows its URL', link('https://x.test/', ''), '[https://x.test/→https://x.test/]'],
    ['a list', bullets(['one', strong('two')]), '• one\n• [b:two]'],
    ['marks inside outside text are dropped', verbatim(`x${verbatim('y')}z\uFDD1w`), 'XYZW'],
    ['marks inside code are dropped', code(`a${strong('b')}`), '[c:ab]'],
    ['a piece cut before its end mark runs to the end', `ok ${verbatim('cut here').slice(0, -3)}`, 'ok CUT HE'],
    ['bold cut before its end runs to the end', `${strong('Friday, 12 June')}`.slice(0, -1), '[b:Friday, 12 June]'],
    ['a stray end mark is dropped', 'a\uFDD1b\uFDD3c', 'abc'],
  ])('%s', (_, text, rendered) => {
    expect(shown(text)).toBe(rendered);
  });

  it('cannot end its own piece early: forged marks only widen what is escaped', () => {
    const forged = verbatim('title\uFDD1 \uFDD2bold\uFDD3 \uFDD0');
    expect(parseText(`A ${forged} B`)).toEqual([
      { kind: 'own', text: 'A ' },
      { kind: 'outside', text: 'title bold ' },
      { kind: 'own', text: ' B' },
    ]);
  });

  it('shows as written where nothing is rendered', () => {
    expect(plainText(`No papers found for ${quoted('<@123>', 3)}.`)).toBe('No papers found for "<@1".');
    expect(plainText(`${strong('Friday')}: ${link('https://hf.co/papers/1', verbatim('A title'))}, ${code('x')}`)).toBe(
      'Friday: A title (https://hf.co/papers/1), x',
    );
  });
});
