import { systemClock, type Clock } from '../ports/clock.js';
import { createArxivListingStore, type ArxivListingStore } from './arxiv-listing-store.js';
import type { Backend } from './backend.js';
import { createClaimStore, type ClaimStore } from './claim-store.js';
import { createClubSessionStore, type ClubSessionStore } from './club-sessions.js';
import { createDeliveryLedger, type DeliveryLedger } from './ledger.js';
import { createPaperStore, type PaperStore } from './paper-store.js';
import { createRequestLog, type RequestLog } from './request-log.js';
import { createTeamLinks, type TeamLinks } from './team-links.js';
import { createTakeawayStore, type TakeawayStore } from './takeaway-store.js';
import { createSubscriptionStore, type SubscriptionStore } from './subscription-store.js';
import { createTasteStore, type TasteStore } from './taste-store.js';
import { createVoteStore, type VoteStore } from './vote-store.js';
import { createVoterTeams, type VoterTeams } from './voter-teams.js';

/** The domain-named ports, all on one backend. */
export interface Stores {
  backend: Backend;
  papers: PaperStore;
  subscriptions: SubscriptionStore;
  votes: VoteStore;
  ledger: DeliveryLedger;
  /** Cross-platform links: one team (and one voter) for a Discord server and a Slack workspace. */
  teams: TeamLinks;
  /** Signed platform requests seen, each accepted once (Slack's HTTP requests). */
  requests: RequestLog;
  /** The teams each voter voted in: a person's votes from every channel (their own feed's ranking). */
  voterTeams: VoterTeams;
  /** 📖 claims, kept like votes (reading club). */
  claims: ClaimStore;
  /** What readers learned, one takeaway per person per paper. */
  takeaways: TakeawayStore;
  /** Reading-club sessions per channel. */
  clubSessions: ClubSessionStore;
  /** arXiv announcements of category sets, and which one each arXiv feed's day carried. */
  arxiv: ArxivListingStore;
  /** What a team's taste is learnt from besides its votes, and the learnt model. */
  taste: TasteStore;
}

export function createStores(backend: Backend, clock: Clock = systemClock): Stores {
  return {
    backend,
    papers: createPaperStore(backend),
    subscriptions: createSubscriptionStore(backend),
    votes: createVoteStore(backend),
    ledger: createDeliveryLedger(backend, clock),
    teams: createTeamLinks(backend),
    requests: createRequestLog(backend),
    voterTeams: createVoterTeams(backend),
    claims: createClaimStore(backend),
    takeaways: createTakeawayStore(backend),
    clubSessions: createClubSessionStore(backend),
    arxiv: createArxivListingStore(backend),
    taste: createTasteStore(backend),
  };
}

export type { Backend } from './backend.js';
export { openBackend } from './open.js';
