import { describe, expect, it } from 'vitest';
import { choosePost, postRecord, type PostRecord } from '../../../src/delivery/post-choice.js';
import { isWeekend } from '../../../src/time/dates.js';

/** Hugging Face with papers on weekdays (except `empty`), and the feed's earlier posts by the day they name. */
function lookups(posts: Record<string, PostRecord> = {}, empty: string[] = []) {
  const asked: string[] = [];
  return {
    asked,
    look: {
      papersOn: async (day: string) => (asked.push(day), isWeekend(day) || empty.includes(day) ? 0 : 6),
      postNamed: async (day: string) => posts[day],
    },
  };
}
const shown = (day: string): PostRecord => ({ covers: [day], shows: [day] });
const note = (day: string): PostRecord => ({ covers: [day], shows: [] });

describe('which days a post shows', () => {
  it("a weekdays feed's Monday covers Friday to Sunday and shows Friday", async () => {
    const { look } = lookups({ '2026-06-11': shown('2026-06-11') });
    expect(await choosePost(['2026-06-12', '2026-06-13', '2026-06-14'], '2026-06-11', look)).toEqual(['2026-06-12']);
  });

  it("a daily feed's Monday, after Saturday showed Friday, shows nothing new: the note", async () => {
    const { look } = lookups({ '2026-06-12': shown('2026-06-12'), '2026-06-13': note('2026-06-13') });
    expect(await choosePost(['2026-06-14'], '2026-06-13', look)).toEqual([]);
  });

  it("a new feed's first post on a Monday (made on Sunday) looks back to Friday", async () => {
    const { look } = lookups();
    expect(await choosePost(['2026-06-14'], undefined, look)).toEqual(['2026-06-12']);
  });

  it('a Friday whose list came after its note is shown by the next post', async () => {
    const { look } = lookups({ '2026-06-12': note('2026-06-12') });
    expect(await choosePost(['2026-06-13'], '2026-06-12', look)).toEqual(['2026-06-12']);
  });

  it('a day the schedule is past counts as posted when no post records it (a pause, an older store)', async () => {
    const { look } = lookups();
    expect(await choosePost(['2026-06-14'], '2026-06-13', look)).toEqual([]);
  });

  it('several covered days with papers make one catch-up of them, weekends left out', async () => {
    const { look } = lookups({ '2026-06-10': shown('2026-06-10') });
    expect(
      await choosePost(['2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14', '2026-06-15'], '2026-06-10', look),
    ).toEqual(['2026-06-11', '2026-06-12', '2026-06-15']);
  });

  it('never goes back past a day the feed posted, nor more than a week', async () => {
    const holidays = ['2026-06-15', '2026-06-16', '2026-06-17', '2026-06-18', '2026-06-19'];
    const { look, asked } = lookups({}, holidays);
    expect(await choosePost(['2026-06-21'], undefined, look)).toEqual([]);
    expect(asked).toEqual(['2026-06-21', '2026-06-20', ...[...holidays].reverse()]);
  });

  it('a holiday covered by the post gets the note when the day before was posted', async () => {
    const { look } = lookups({ '2026-06-17': shown('2026-06-17') }, ['2026-06-18']);
    expect(await choosePost(['2026-06-18'], '2026-06-17', look)).toEqual([]);
  });

  it('reads intents from before these records as having shown their own day, or a catch-up its days', () => {
    expect(postRecord({ day: '2026-06-12', kind: 'digest' })).toEqual({
      covers: ['2026-06-12'],
      shows: ['2026-06-12'],
    });
    expect(postRecord({ day: '2026-06-12', kind: 'empty' })).toEqual({ covers: ['2026-06-12'], shows: ['2026-06-12'] });
    const days = ['2026-06-11', '2026-06-12'];
    expect(postRecord({ day: '2026-06-12', kind: 'catch-up', days })).toEqual({ covers: days, shows: days });
  });
});
