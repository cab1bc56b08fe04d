import { describe, expect, it } from 'vitest';
import { createMemoryBackend } from '../../../src/store/memory-backend.js';
import { createTeamLinks, LINK_CODE_TTL_MS, type LinkKind, type TeamLinks } from '../../../src/store/team-links.js';

const MINUTE = 60_000;

/** A code offered by `by` at time 0, and whatever set-up the case needs before it is entered. */
interface Case {
  name: string;
  offered: { kind: LinkKind; by: string };
  before?: (links: TeamLinks) => Promise<void>;
  entered: { kind: LinkKind; by: string; code?: string; at?: number };
  expected: unknown;
}

const CASES: Case[] = [
  {
    name: 'links a Discord server with a Slack workspace',
    offered: { kind: 'team', by: 'discord:G1' },
    entered: { kind: 'team', by: 'slack:T1' },
    expected: { ok: true, with: 'discord:G1', joined: expect.stringMatching(/^team:/) },
  },
  {
    name: 'knows no such code',
    offered: { kind: 'team', by: 'discord:G1' },
    entered: { kind: 'team', by: 'slack:T1', code: 'NOTACODE' },
    expected: { ok: false, reason: 'unknown-code' },
  },
  {
    name: 'takes a code only on the other platform',
    offered: { kind: 'person', by: 'discord:A' },
    entered: { kind: 'person', by: 'discord:B' },
    expected: { ok: false, reason: 'same-platform' },
  },
  {
    name: 'says which kind of link an account code is for, entered as a team code',
    offered: { kind: 'person', by: 'discord:A' },
    entered: { kind: 'team', by: 'slack:T1' },
    expected: { ok: false, reason: 'other-kind', kind: 'person' },
  },
  {
    name: 'refuses a code past its ten minutes',
    offered: { kind: 'team', by: 'discord:G1' },
    entered: { kind: 'team', by: 'slack:T1', at: LINK_CODE_TTL_MS + MINUTE },
    expected: { ok: false, reason: 'expired' },
  },
  {
    name: 'refuses to link a side that is linked with someone else already',
    offered: { kind: 'person', by: 'discord:A' },
    before: async (links) => {
      await links.accept('person', await links.offer('person', 'discord:Z', 0), 'slack:B', 0);
    },
    entered: { kind: 'person', by: 'slack:B' },
    expected: { ok: false, reason: 'linked-already' },
  },
];

describe('link codes', () => {
  it.each(CASES)('$name: answers what happened, as data', async ({ offered, before, entered, expected }) => {
    const links = createTeamLinks(createMemoryBackend());
    const code = await links.offer(offered.kind, offered.by, 0);
    await before?.(links);
    expect(await links.accept(entered.kind, entered.code ?? code, entered.by, entered.at ?? MINUTE)).toEqual(expected);
  });

  it('leaves a code entered on the wrong side for the right one, and takes a used one once', async () => {
    const links = createTeamLinks(createMemoryBackend());
    const code = await links.offer('team', 'discord:G1', 0);
    expect(await links.accept('person', code, 'slack:U1', 0)).toEqual({
      ok: false,
      reason: 'other-kind',
      kind: 'team',
    });
    expect(await links.accept('team', code, 'discord:G2', 0)).toEqual({ ok: false, reason: 'same-platform' });
    expect(await links.accept('team', code, 'slack:T1', 0)).toMatchObject({ ok: true });
    expect(await links.accept('team', code, 'slack:T2', 0)).toEqual({ ok: false, reason: 'unknown-code' });
  });
});
