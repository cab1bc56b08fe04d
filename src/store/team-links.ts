import { randomBytes, randomUUID } from 'node:crypto';
import type { Backend } from './backend.js';
import { LINK_CODES_MAP, linkMembersMap, PERSON_LINKS_MAP, TEAM_LINKS_MAP } from './keys.js';

/**
 * What a link joins: platform teams (a Discord server with a Slack workspace), or one person's
 * accounts (a Discord user with a Slack user).
 */
export type LinkKind = 'team' | 'person';

/** How long a one-time link code works (ms). */
export const LINK_CODE_TTL_MS = 10 * 60_000;

/** Why a code linked nothing; commands word it (commands/link-refusal.ts). */
export type LinkRefusal =
  /** No such code, or it was used already. */
  | { reason: 'unknown-code' }
  /** A code for the other kind of link (an account code entered as a team code); it still works there. */
  | { reason: 'other-kind'; kind: LinkKind }
  /** Entered on the platform that offered it; it still works on the other one. */
  | { reason: 'same-platform' }
  /** Older than LINK_CODE_TTL_MS; it is used up. */
  | { reason: 'expired' }
  /** This side is linked with another team or person already; the code is used up. */
  | { reason: 'linked-already' };

/** What entering a code did: linked `what` with `with` as `joined`, or nothing, and why. */
export type LinkResult = { ok: true; joined: string; with: string } | ({ ok: false } & LinkRefusal);

/**
 * Links across platforms, each made with a one-time code shown on one platform and entered on the
 * other. A linked team is one leaderboard and one recap for its Discord server and Slack
 * workspace. Linked accounts are one voter: a person reacting on Discord and on Slack to the same
 * paper counts once. Unlinked accounts are a voter each.
 */
export interface TeamLinks {
  /** The team votes and leaderboards use for `platform:teamId`: its linked team, or itself. */
  teamOf(platformTeam: string): Promise<string>;
  /** The voter `platform:userId` votes as: its linked person (`person:<id>`), or itself. */
  voterOf(identity: string): Promise<string>;
  /**
   * Who each voter is now, in the order asked: an account's linked person, or the voter itself.
   * Votes cast before a link stay under the account that cast them; this folds them into the person
   * for counting people (one round trip).
   */
  peopleOf(voters: readonly string[]): Promise<string[]>;
  /** The accounts (`platform:userId`) of a voter: a linked person's, or the voter itself. */
  identitiesOf(voter: string): Promise<string[]>;
  /** A one-time code that links `what` (a platform team or identity) when entered on another platform. */
  offer(kind: LinkKind, what: string, now: number): Promise<string>;
  /** Links `what` with the code's holder. Codes work once, for 10 minutes, across platforms only. */
  accept(kind: LinkKind, code: string, what: string, now: number): Promise<LinkResult>;
  /** Removes `what` from its link; true when it was linked. */
  unlink(kind: LinkKind, what: string): Promise<boolean>;
  /** The platform keys linked with `what` (itself included), or just `what`. */
  membersOf(kind: LinkKind, what: string): Promise<string[]>;
}

const linksMap = (kind: LinkKind) => (kind === 'person' ? PERSON_LINKS_MAP : TEAM_LINKS_MAP);
const platformOf = (key: string) => key.slice(0, key.indexOf(':'));

export function createTeamLinks(backend: Backend): TeamLinks {
  const linked = async (kind: LinkKind, what: string) => backend.mapGet(linksMap(kind), what);
  return {
    async teamOf(platformTeam) {
      return (await linked('team', platformTeam)) ?? platformTeam;
    },
    async voterOf(identity) {
      return (await linked('person', identity)) ?? identity;
    },
    async peopleOf(voters) {
      if (voters.length === 0) return [];
      const linkedTo = await backend.mapGetMany(PERSON_LINKS_MAP, voters);
      return voters.map((v, i) => linkedTo[i] ?? v);
    },
    async identitiesOf(voter) {
      if (!voter.startsWith('person:')) return [voter];
      return [...(await backend.mapEntries(linkMembersMap(voter))).keys()];
    },
    async offer(kind, what, now) {
      // 8 characters from an alphabet without look-alikes: easy to type, 40 bits.
      const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
      const code = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
      await backend.mapSet(LINK_CODES_MAP, code, JSON.stringify({ kind, what, expires: now + LINK_CODE_TTL_MS }));
      return code;
    },
    async accept(kind, code, what, now) {
      const key = code.trim().toUpperCase();
      const raw = await backend.mapGet(LINK_CODES_MAP, key);
      const unknown: LinkResult = { ok: false, reason: 'unknown-code' };
      if (!raw) return unknown;
      const offer = JSON.parse(raw) as { kind: LinkKind; what: string; expires: number };
      // Entered on the wrong side: say so, and leave the code for the right one.
      if (offer.kind !== kind) return { ok: false, reason: 'other-kind', kind: offer.kind };
      if (platformOf(offer.what) === platformOf(what)) return { ok: false, reason: 'same-platform' };
      // Taken once: of two admins entering the same code, one links.
      if (!(await backend.mapCompareAndSet(LINK_CODES_MAP, key, raw, undefined))) return unknown;
      if (offer.expires < now) return { ok: false, reason: 'expired' };
      const mine = await linked(kind, what);
      const theirs = await linked(kind, offer.what);
      if (mine && mine !== theirs) return { ok: false, reason: 'linked-already' };
      const id = theirs ?? `${kind}:${randomUUID()}`;
      await backend.batch([
        { map: linksMap(kind), field: offer.what, setIfAbsent: id },
        { map: linksMap(kind), field: what, set: id },
        { map: linkMembersMap(id), field: offer.what, set: String(now) },
        { map: linkMembersMap(id), field: what, set: String(now) },
      ]);
      return { ok: true, joined: id, with: offer.what };
    },
    async unlink(kind, what) {
      const id = await linked(kind, what);
      if (!id) return false;
      await backend.batch([
        { map: linksMap(kind), field: what, delete: true },
        { map: linkMembersMap(id), field: what, delete: true },
      ]);
      return true;
    },
    async membersOf(kind, what) {
      const id = await linked(kind, what);
      if (!id) return [what];
      return [...(await backend.mapEntries(linkMembersMap(id))).keys()];
    },
  };
}
