import { describe, expect, it } from 'vitest';
import { oneDayPreview } from '../../commands/preview-days.js';
import { createFeed } from '../../src/papers/feed.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createStores } from '../../src/store/index.js';
import { createMemoryBackend } from '../../src/store/memory-backend.js';
import { commandContext } from '../support/command-context.js';
import { subscription } from '../support/delivery-rig.js';
import { createFakeClock } from '../support/fake-clock.js';

describe('the preview under a subscribe confirmation', () => {
  it("is left out when Hugging Face has not answered within a second on the bot's clock", async () => {
    const clock = createFakeClock('2026-06-12T12:00:00Z');
    const backend = createMemoryBackend({ clock });
    const feed = createFeed({
      hf: { dailyPapers: () => new Promise(() => undefined), search: async () => [], paper: async () => undefined },
      arxiv: { paper: async () => undefined, papers: async () => [], search: async () => [] },
      papers: createStores(backend, clock).papers,
      clock,
      logger: silentLogger,
    });
    let preview: string | undefined;
    void oneDayPreview(subscription('c1'), commandContext(backend, { clock, feed })).then((p) => (preview = p));
    await clock.advance(999);
    expect(preview).toBeUndefined();
    await clock.advance(1);
    expect(preview).toBe('');
  });
});
