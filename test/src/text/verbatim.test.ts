import { describe, expect, it } from 'vitest';
import { plainText, quoted, renderParts, textParts, verbatim } from '../../../src/text/verbatim.js';

const upper = (t: string) =>
  renderParts(
    t,
    (own) => own,
    (outside) => outside.toUpperCase(),
  );

describe('outside text in a reply', () => {
  it.each([
    ['the bot alone', 'Results:', 'Results:'],
    ['one marked piece', `Results for ${quoted('agents')}:`, 'Results for "AGENTS":'],
    ['two pieces', `${verbatim('a')} and ${verbatim('b')}`, 'A and B'],
    ['marks inside outside text are dropped', verbatim(`x${verbatim('y')}z\uFDD1w`), 'XYZW'],
    ['a piece cut before its end mark runs to the end', `ok ${verbatim('cut here').slice(0, -3)}`, 'ok CUT HE'],
    ['a stray end mark is dropped', 'a\uFDD1b', 'ab'],
  ])('%s', (_, text, rendered) => {
    expect(upper(text)).toBe(rendered);
  });

  it('cannot end its own piece early: forged marks only widen what is escaped', () => {
    const forged = verbatim('title\uFDD1 **bold** \uFDD0');
    expect(textParts(`A ${forged} B`)).toEqual([
      { text: 'A ', verbatim: false },
      { text: 'title **bold** ', verbatim: true },
      { text: ' B', verbatim: false },
    ]);
  });

  it('shows as written where nothing is rendered', () => {
    expect(plainText(`No papers found for ${quoted('<@123>', 3)}.`)).toBe('No papers found for "<@1".');
  });
});
