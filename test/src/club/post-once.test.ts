import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sendOnce } from '../../../src/club/post-once.js';
import type { MessageRef } from '../../../src/model.js';
import { createStores } from '../../../src/store/index.js';
import type { DeliveryIntent } from '../../../src/store/ledger.js';
import { backendCases } from '../../support/backends.js';
import { createFakeClock } from '../../support/fake-clock.js';
import { never } from '../../support/fake-channels.js';

const TARGET = 'club@discord:g1';
const DAY = 'reminder-p1-1-discord:u1';
const intent = async (): Promise<DeliveryIntent> => ({
  day: DAY,
  team: 'discord:g1',
  kind: 'reminder',
  paperIds: ['p1'],
  header: '',
  createdAt: 1,
  by: 'schedule',
});
const ref = (n: number): MessageRef => ({ platform: 'discord', channelId: 'dm', messageId: `m${n}` });

for (const c of backendCases()) {
  describe.skipIf(Boolean(c.skip))(`one-time club messages on ${c.name}`, () => {
    afterEach(() => c.cleanup());

    async function instances() {
      const clock = createFakeClock('2026-06-19T12:00:00Z');
      const ns = `test-${randomUUID()}`;
      const first = await c.open(ns, { clock });
      const second = c.name === 'memory' ? first : await c.open(ns, { clock });
      const at = (backend: typeof first) => ({
        ledger: createStores(backend, clock).ledger,
        clock,
        owner: randomUUID(),
      });
      return { clock, a: at(first), b: at(second) };
    }

    it('two instances racing send it once; later calls find it sent', async () => {
      const { a, b } = await instances();
      let sent = 0;
      const send = async () => ref(++sent);
      const target = { channel: TARGET, day: DAY, intent };
      const outcomes = await Promise.all([
        sendOnce(a, target, send),
        sendOnce(b, target, send),
        sendOnce(a, target, send),
      ]);
      expect(sent).toBe(1);
      expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
      expect(await sendOnce(b, target, send)).toBe('already');
      expect((await a.ledger.get(TARGET, DAY))?.messages.get('header')).toEqual(ref(1));
    });

    // Redis and PostgreSQL time leases by the server's clock (backend.ts), which a test cannot move: their expiry is the store contract's.
    it.skipIf(c.name === 'redis' || c.name === 'postgres')(
      'a sender that died mid-send is not sent again without a way to look (a DM); with one, it is looked for first',
      async () => {
        const { clock, a, b } = await instances();
        const target = { channel: TARGET, day: DAY, intent };
        void sendOnce(a, target, () => never()); // the process dies with the message on its way
        await clock.advance(0);
        await expect.poll(async () => (await a.ledger.get(TARGET, DAY))?.attempts.size).toBe(1);
        let sent = 0;
        expect(await sendOnce(b, target, async () => ref(++sent))).toBe('busy'); // its lease still runs
        await clock.advance(61_000);
        expect(await sendOnce(b, target, async () => ref(++sent))).toBe('already');
        expect(sent).toBe(0);
        // An agenda can be looked for in its channel: found, it is recorded; not found, it is sent.
        const other = { ...target, day: 'agenda-2026-06-18' };
        void sendOnce(a, other, () => never());
        await expect.poll(async () => (await a.ledger.get(TARGET, other.day))?.attempts.size).toBe(1);
        await clock.advance(61_000);
        expect(
          await sendOnce(
            b,
            other,
            async () => ref(++sent),
            async () => undefined,
          ),
        ).toBe('sent');
        expect(sent).toBe(1);
        const third = { ...target, day: 'agenda-2026-06-25' };
        void sendOnce(a, third, () => never());
        await expect.poll(async () => (await a.ledger.get(TARGET, third.day))?.attempts.size).toBe(1);
        await clock.advance(61_000);
        expect(
          await sendOnce(
            b,
            third,
            async () => ref(++sent),
            async () => ref(99),
          ),
        ).toBe('already');
        expect(sent).toBe(1);
        expect((await b.ledger.get(TARGET, third.day))?.messages.get('header')).toEqual(ref(99));
      },
    );
  });
}
