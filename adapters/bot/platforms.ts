import type { Config } from '../../src/config.js';
import type { DiscordAdapter, DiscordOptions } from '../discord/index.js';
import type { SlackAdapter, SlackOptions } from '../slack/index.js';
import type { Health } from './http-health.js';
import type { PlatformAdapter, PlatformDeps } from './platform.js';

/** Adapter options over what the config says (tests: REST retries, post spacing, ack deadline). */
export interface PlatformOptions {
  discord?: Partial<DiscordOptions>;
  slack?: Partial<Omit<SlackOptions, 'health'>>;
}

/** The adapters of the configured platforms, in start order, and by platform. */
export interface Adapters {
  list: PlatformAdapter[];
  discord?: DiscordAdapter;
  slack?: SlackAdapter;
}

/**
 * Makes an adapter for each platform the config sets up (none is connected yet). Each SDK is
 * imported only when configured: discord.js takes about 0.6 s to load, Bolt 0.3 s.
 */
export async function createPlatforms(
  config: Config,
  deps: PlatformDeps,
  health: Health,
  options: PlatformOptions = {},
): Promise<Adapters> {
  const adapters: Adapters = { list: [] };
  if (config.discord) {
    const { createDiscordAdapter } = await import('../discord/index.js');
    adapters.discord = createDiscordAdapter({ ...config.discord, ...options.discord }, deps);
    adapters.list.push(adapters.discord);
  }
  if (config.slack) {
    const { createSlackAdapter } = await import('../slack/index.js');
    adapters.slack = createSlackAdapter({ ...config.slack, port: config.port, health, ...options.slack }, deps);
    adapters.list.push(adapters.slack);
  }
  return adapters;
}
