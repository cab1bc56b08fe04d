/**
 * Every name the store is read and written under, spelled once: the maps (backend.map*), the plain
 * values (backend.kv), the leases and the one-time claims. Each name is in every deployed store,
 * so changing one orphans what is stored under it: a rename needs a migration of the data.
 * The fields inside a map are the format of the module that owns it (ledger.ts, reaction-step.ts, …).
 *
 * Ids in names hold no `:` of their own except where noted (`platform:id` teams and voters,
 * `platform:channel` channels), so each name maps to one thing.
 */

// Subscriptions (subscription-store.ts).
/** Feed key (`platform:channel[#feed]`) → the subscription, as JSON. */
export const SUBSCRIPTIONS_MAP = 'subscriptions';

/** The feed keys of a platform team's subscriptions (`platform:teamId`), each with a fresh value per creation. */
export const teamFeedsMap = (team: string): string => `team-feeds:${team}`;

// Papers (paper-store.ts).
/** Paper id → the paper as last fetched, as JSON. */
export const PAPERS_MAP = 'papers';
/** Paper id → its arXiv categories and when they were looked up, as JSON. */
export const CATEGORIES_MAP = 'categories';
/** A Daily Papers day's cached list (`YYYY-MM-DD`). */
export const dayKey = (day: string): string => `day:${day}`;

// arXiv announcements (arxiv-listing-store.ts). A set is its categories sorted and joined with `+` (`cs.LG+cs.RO`).
/** One stored announcement of a category set (date `YYYY-MM-DD`): its entries, as JSON. */
export const arxivListingKey = (set: string, date: string): string => `arxiv-listing:${set}:${date}`;
/** Announcement date → its number of entries, for every announcement of the set stored. */
export const arxivListingsMap = (set: string): string => `arxiv-listings:${set}`;
/** Announcement date → the feed's day (`YYYY-MM-DD`) whose post carries it, per feed key: once per feed. */
export const arxivClaimsMap = (feed: string): string => `arxiv-claims:${feed}`;
/** The lease on fetching a set's listing, so instances that share a store fetch each announcement once. */
export const arxivFetchLease = (set: string): string => `arxiv-fetch:${set}`;

// The delivery ledger (ledger.ts).
/** One channel's delivery of one day: its intent, each slot's landed message and post attempts. */
export const ledgerMap = (channel: string, day: string): string => `ledger:${channel}:${day}`;
/** Paper id → the first day it was posted in the channel. */
export const postedInChannelMap = (channel: string): string => `posted:${channel}`;
/** Bot message ref → the paper it carries (or the papers a compact list carries), with its team. */
export const MESSAGES_MAP = 'messages';
/** A message → paper mapping as stored before it moved into MESSAGES_MAP (read only). */
export const legacyMessageKey = (ref: string): string => `msg:${ref}`;
/** Paper id → the bot messages carrying it (field: message ref). */
export const paperMessagesMap = (paperId: string): string => `paper-messages:${paperId}`;
/** The lease on one channel's day while a process posts it. */
export const deliveryLease = (channel: string, day: string): string => `delivery:${channel}:${day}`;

// Votes (vote-store.ts, reaction-step.ts and the backends' atomic reaction steps).
/** A paper's reaction rows in a team (field: `identity|reaction`, and the clears). */
export const reactionsMap = (team: string, paperId: string): string => `reactions:${team}:${paperId}`;
/** Voter → how many of their reactions on the paper exist. */
export const voteRefsMap = (team: string, paperId: string): string => `vote-refs:${team}:${paperId}`;
/** Voter → when they voted for the paper (ms): one vote per person. */
export const votesMap = (team: string, paperId: string): string => `votes:${team}:${paperId}`;
/** Paper id → its vote count in the team. */
export const voteCountsMap = (team: string): string => `vote-counts:${team}`;
/** Voter → their vote count in the team (`top voters`). */
export const voterCountsMap = (team: string): string => `voter-counts:${team}`;
/** Paper id → when the voter voted for it (`top me`). */
export const voterVotesMap = (team: string, voter: string): string => `voter-votes:${team}:${voter}`;
/** Paper id → when it was first posted in the team (ms). */
export const teamPapersMap = (team: string): string => `team-papers:${team}`;
/** The teams a voter (an account or a linked person) voted in, each with when it was noted (voter-teams.ts). */
export const voterTeamsMap = (voter: string): string => `voter-teams:${voter}`;
/** Where the event-order epoch is counted (field `epoch`). */
export const VOTE_ORDER_MAP = 'vote-order';

// The reading club (claim-store.ts, takeaway-store.ts, src/club/).
/**
 * The team a team's 📖 claims are counted under: claims run through the vote maps and the atomic
 * reaction step (reaction-step.ts) of this team, so a claim is exact the way a vote is.
 */
export const readingTeam = (team: string): string => `reading@${team}`;
/** Reader (`platform:userId` or `person:<id>`) → the name they were last seen under in the team, plain text. */
export const readerNamesMap = (team: string): string => `reader-names:${team}`;
/** Author (a reader) → their takeaway on the paper, as JSON (text, when, the thread message). */
export const takeawaysMap = (team: string, paperId: string): string => `takeaways:${team}:${paperId}`;
/** Channel key → the channel's club sessions (weekday, time, zone), as JSON. */
export const CLUB_SCHEDULES_MAP = 'club-schedules';
/** `channel|day` → the text an agenda was last edited to after its session ("Session held …"). */
export const CLUB_HELD_MAP = 'club-held';
/** Where the delivery ledger keeps a team's one-time club messages (reminders): its "channel". */
export const clubLedger = (team: string): string => `club@${team}`;
// A team's taste (taste-store.ts).
/** `paperId|voter` → the voter's latest "not interested" reaction on the paper: `order:1|0:at`. */
export const notInterestedMap = (team: string): string => `not-interested:${team}`;
/** Paper id → a paper imported or seeded into the team's taste, as JSON (`TasteSeed`). */
export const tasteSeedsMap = (team: string): string => `taste-seeds:${team}`;
/** Team → a fresh value each time its votes, "not interested" marks or seeds change. */
export const TASTE_STAMPS_MAP = 'taste-stamps';
/** Team → when its taste was last reset (ms): votes and posts before it are not learnt from. */
export const TASTE_RESETS_MAP = 'taste-resets';
/** Team → its learnt taste model and what it was learnt from, as JSON (`StoredTaste`). */
export const TASTE_MODELS_MAP = 'taste-models';

// Cross-platform links (team-links.ts).
/** Identity (`platform:userId`) → the person it is linked to (`person:<id>`). */
export const PERSON_LINKS_MAP = 'person-links';
/** Platform team (`platform:teamId`) → the team it is linked into (`team:<id>`). */
export const TEAM_LINKS_MAP = 'team-links';
/** The platform keys joined in a link (`team:<id>` or `person:<id>`), each with when it joined. */
export const linkMembersMap = (id: string): string => `${id.slice(0, id.indexOf(':'))}-members:${id}`;
/** One-time link code → what it links and until when, as JSON. */
export const LINK_CODES_MAP = 'link-codes';

// Platform requests (request-log.ts).
/** A signed platform request seen once (Slack's HTTP requests), by its id. */
export const requestClaim = (id: string): string => `request:${id}`;

// Commands and adapters.
/** A Share button pressed: its answer's token and the paper (commands/share.ts), so each posts once. */
export const shareClaim = (token: string, paperId: string): string => `share:${token}:${paperId}`;
/** A search's result ids while its page buttons work (commands/search.ts). */
export const pagerKey = (token: string): string => `pager:${token}`;
/** Discord servers this bot registered `/papers` in (adapters/discord/command-copies.ts). */
export const DISCORD_COMMAND_GUILDS_MAP = 'discord:command-guilds';
/** A value `paperfeed doctor` writes, reads and deletes to prove the store works. */
export const doctorProbeKey = (id: string): string => `doctor:probe:${id}`;

// The store itself.
/** Data migrations done in this store, by name: each runs once, whichever instance gets there first. */
export const MIGRATIONS_MAP = 'migrations';
/** The migration that noted the teams of votes cast before voters' teams were noted (`voterTeamsMap`). */
export const VOTER_TEAMS_MIGRATION = 'voter-teams';
/** The migration that indexed subscriptions stored before teams had an index (`teamFeedsMap`). */
export const SUBSCRIPTION_INDEX_MIGRATION = 'subscription-index';
/** Where a health probe reads (or, while a fault lasts, writes) a small value (guard.ts). */
export const HEALTH_MAP = 'health';
