import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createUserDirectory } from '../../../adapters/slack/admins.js';
import { createMemoryLogger } from '../../../src/ports/logger.js';
import { systemClock } from '../../../src/ports/clock.js';
import { createFakeClock } from '../../support/fake-clock.js';

describe('Slack user directory (users.info answers for admin checks, zones and names)', () => {
  it('keeps answers for at most 10,000 users, so a big workspace passing by is not kept for good', async () => {
    const asked: string[] = [];
    const client = {
      users: {
        info: async ({ user }: { user: string }) => {
          asked.push(user);
          return { ok: true, user: { id: user, is_admin: user === 'UADMIN', tz: 'Europe/Paris' } };
        },
      },
    } as unknown as webApi.WebClient;
    const facts = createUserDirectory(client, [], createMemoryLogger(), systemClock);
    expect(await facts('UADMIN')).toEqual({ admin: true, timeZone: 'Europe/Paris' });
    expect(await facts('UADMIN')).toEqual({ admin: true, timeZone: 'Europe/Paris' });
    expect(asked).toEqual(['UADMIN']);
    for (let i = 0; i < 10_000; i++) await facts(`U${i}`);
    // The first answer was dropped for the 10,000 since: asked again, and still right.
    expect(await facts('UADMIN')).toEqual({ admin: true, timeZone: 'Europe/Paris' });
    expect(asked.filter((u) => u === 'UADMIN')).toHaveLength(2);
  });

  it("asks Slack again once five minutes have passed on the bot's clock, so a new admin is one within that time", async () => {
    let admin = false;
    const asked: string[] = [];
    const client = {
      users: {
        info: async ({ user }: { user: string }) => {
          asked.push(user);
          return { ok: true, user: { id: user, is_admin: admin } };
        },
      },
    } as unknown as webApi.WebClient;
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const facts = createUserDirectory(client, [], createMemoryLogger(), clock);
    expect((await facts('U1')).admin).toBe(false);
    admin = true;
    await clock.advance(5 * 60_000 - 1);
    expect((await facts('U1')).admin).toBe(false);
    await clock.advance(1);
    expect((await facts('U1')).admin).toBe(true);
    expect(asked).toEqual(['U1', 'U1']);
  });
});
