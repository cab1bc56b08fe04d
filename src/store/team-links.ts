import { randomBytes, randomUUID } from 'node:crypto';
import type { Backend } from './backend.js';

/** What a link joins: platform teams (a Discord server with a Slack workspace). */
export type LinkKind = 'team';

/** How long a one-time link code works (ms). */
export const LINK_CODE_TTL_MS = 10 * 60_000;

export type LinkResult = { ok: true; joined: string; with: string } | { ok: false; reason: string };

/**
 * Links across platforms: a linked team is one leaderboard and one recap for its Discord server
 * and Slack workspace. A link is made with a one-time code shown on one platform and entered on
 * the other. Each platform identity stays its own voter: a person voting on Discord and on Slack
 * for the same paper counts twice (their accounts are not known to be one person).
 */
export interface TeamLinks {
  /** The team votes and leaderboards use for `platform:teamId`: its linked team, or itself. */
  teamOf(platformTeam: string): Promise<string>;
  /** A one-time code that links `what` (a platform team or identity) when entered on another platform. */
  offer(kind: LinkKind, what: string, now: number): Promise<string>;
  /** Links `what` with the code's holder. Codes work once, for 10 minutes, across platforms only. */
  accept(kind: LinkKind, code: string, what: string, now: number): Promise<LinkResult>;
  /** Removes `what` from its link; true when it was linked. */
  unlink(kind: LinkKind, what: string): Promise<boolean>;
  /** The platform keys linked with `what` (itself included), or just `what`. */
  membersOf(kind: LinkKind, what: string): Promise<string[]>;
}

const linksMap = (kind: LinkKind) => `${kind}-links`;
const CODES = 'link-codes';
const platformOf = (key: string) => key.slice(0, key.indexOf(':'));

export function createTeamLinks(backend: Backend): TeamLinks {
  const linked = async (kind: LinkKind, what: string) => backend.mapGet(linksMap(kind), what);
  return {
    async teamOf(platformTeam) {
      return (await linked('team', platformTeam)) ?? platformTeam;
    },
    async offer(kind, what, now) {
      // 8 characters from an alphabet without look-alikes: easy to type, 40 bits.
      const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
      const code = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
      await backend.mapSet(CODES, code, JSON.stringify({ kind, what, expires: now + LINK_CODE_TTL_MS }));
      return code;
    },
    async accept(kind, code, what, now) {
      const key = code.trim().toUpperCase();
      const raw = await backend.mapGet(CODES, key);
      const unknown: LinkResult = { ok: false, reason: 'That code is unknown or was used already; run the link command again on the other platform for a new one.' };
      if (!raw) return unknown;
      const offer = JSON.parse(raw) as { kind: LinkKind; what: string; expires: number };
      // Entered on the wrong side: say so, and leave the code for the right one.
      if (offer.kind !== kind) return { ok: false, reason: 'That code is for something else.' };
      if (platformOf(offer.what) === platformOf(what)) return { ok: false, reason: 'Enter the code on the other platform: a link joins a Discord server with a Slack workspace.' };
      // Taken once: of two admins entering the same code, one links.
      if (!(await backend.mapCompareAndSet(CODES, key, raw, undefined))) return unknown;
      if (offer.expires < now) return { ok: false, reason: 'That code has expired (codes work for 10 minutes); ask for a new one.' };
      const mine = await linked(kind, what);
      const theirs = await linked(kind, offer.what);
      if (mine && mine !== theirs) return { ok: false, reason: 'This one is linked already; unlink it first.' };
      const id = theirs ?? `${kind}:${randomUUID()}`;
      await backend.batch([
        { map: linksMap(kind), field: offer.what, setIfAbsent: id },
        { map: linksMap(kind), field: what, set: id },
        { map: `${kind}-members:${id}`, field: offer.what, set: String(now) },
        { map: `${kind}-members:${id}`, field: what, set: String(now) },
      ]);
      return { ok: true, joined: id, with: offer.what };
    },
    async unlink(kind, what) {
      const id = await linked(kind, what);
      if (!id) return false;
      await backend.batch([
        { map: linksMap(kind), field: what, delete: true },
        { map: `${kind}-members:${id}`, field: what, delete: true },
      ]);
      return true;
    },
    async membersOf(kind, what) {
      const id = await linked(kind, what);
      if (!id) return [what];
      return [...(await backend.mapEntries(`${kind}-members:${id}`)).keys()];
    },
  };
}
