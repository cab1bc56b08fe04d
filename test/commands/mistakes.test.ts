import { describe, expect, it } from 'vitest';
import { describeMistake, OptionMistake } from '../../commands/mistakes.js';
import { suggestTime, suggestTimeZone } from '../../commands/subscribe-suggest.js';
import type { CommandDef } from '../../commands/types.js';
import { validateInput } from '../../commands/validate.js';
import { plainText } from '../../src/text/verbatim.js';

/** A command with a choice option, as any new one (a `days:` option, say) gets its suggestions. */
const def: CommandDef = {
  name: 'demo',
  description: 'A demo',
  options: [{ name: 'every', description: 'daily or weekly', type: 'string', choices: ['daily', 'weekly'] }],
  adminOnly: false,
  slow: false,
  private: true,
};

function mistakeOf(raw: Record<string, unknown>): OptionMistake {
  try {
    validateInput(def, raw);
  } catch (error) {
    if (error instanceof OptionMistake) return error;
    throw error;
  }
  throw new Error('no mistake');
}

describe('a mistake in a choice', () => {
  it('suggests the choice meant (wekly → weekly), typed as each platform types it', () => {
    const m = mistakeOf({ every: 'wekly' });
    expect(m.suggestion).toBe('weekly');
    expect(plainText(describeMistake(def, m, true))).toBe(
      [
        'every must be one of daily, weekly; "wekly" is not. Did you mean `every:weekly`?',
        '`every:daily|weekly` — daily or weekly',
        'Full usage: `/papers help demo`',
      ].join('\n'),
    );
    expect(plainText(describeMistake(def, m, false)).split('\n')[0]).toMatch(/Did you mean `weekly`\?$/);
  });

  it('suggests nothing when no choice is close', () => {
    expect(mistakeOf({ every: 'sometimes' }).suggestion).toBeUndefined();
  });
});

describe('what subscribe suggests', () => {
  it.each([
    ['berlin', 'Europe/Berlin'],
    ['BERLIN', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['new york', 'America/New_York'],
    ['Berln', 'Europe/Berlin'],
    ['utc', 'UTC'],
  ])('reads the zone %j as %j', (typed, zone) => {
    expect(suggestTimeZone(typed)).toBe(zone);
  });

  it('suggests no zone for words nowhere near one', () => {
    expect(suggestTimeZone('Mars/Base')).toBeUndefined();
  });

  it.each([
    ['9', '09:00'],
    ['900', '09:00'],
    ['0930', '09:30'],
    ['9am', '09:00'],
    ['6:30pm', '18:30'],
    ['12am', '00:00'],
    ['18h30', '18:30'],
  ])('reads the time %j as %j', (typed, time) => {
    expect(suggestTime(typed)).toBe(time);
  });

  it.each(['25:00', '13pm', 'noon'])('suggests no time for %j', (typed) => {
    expect(suggestTime(typed)).toBeUndefined();
  });
});
