import type { AnnounceType, Paper } from '../model.js';

/**
 * What arXiv feeds ask of arXiv: one category set's RSS listing as it stands (the latest
 * announcement). src/upstream/arxiv/listing.ts implements it; this folder owns the port, so the
 * client may use the feed's types without the feed importing the client back.
 */
export interface ListingSource {
  /** The listing of `categories` (joined with `+`, as arXiv takes them). */
  listing(categories: readonly string[]): Promise<ParsedListing>;
}

/** One paper of a listing: the paper, the version announced, and how it appears there. */
export interface ListingItem {
  paper: Paper;
  /** 1 for `v1`. */
  version: number;
  type: AnnounceType;
}

/** A listing as parsed. */
export interface ParsedListing {
  /** The announcement's date (`YYYY-MM-DD`, New York time), from the channel's `pubDate` or its items'; absent when neither says. */
  date?: string;
  /** The channel's `lastBuildDate` (ms), when given. */
  builtAt?: number;
  items: ListingItem[];
  /** Items left out because they carry no arXiv id or title. */
  skipped: number;
}
