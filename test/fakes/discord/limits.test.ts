import { describe, expect, it } from 'vitest';
import { validateDiscordMessage } from './fake.js';

describe('validateDiscordMessage', () => {
  it('accepts a message at the documented limits', () => {
    const fields = Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(1000) }));
    const buttons = Array.from({ length: 5 }, (_, i) => ({
      type: 2,
      style: 1,
      label: 'l'.repeat(80),
      custom_id: `b${i}`.padEnd(100, 'x'),
    }));
    const rows = Array.from({ length: 5 }, (_, r) => ({
      type: 1,
      components: buttons.map((b) => ({ ...b, custom_id: `${r}${b.custom_id}`.slice(0, 100) })),
    }));
    expect(
      validateDiscordMessage({
        content: 'c'.repeat(2000),
        embeds: [{ title: 't'.repeat(256), fields }],
        components: rows,
      }),
    ).toEqual([]);
  });

  it('flags each exceeded limit with its form-body path', () => {
    const issues = validateDiscordMessage({
      embeds: [
        {
          title: 't'.repeat(257),
          description: 'd'.repeat(4096),
          footer: { text: 'f'.repeat(2049) },
          author: { name: 'a'.repeat(257) },
        },
        { fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) },
      ],
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 5, label: 'docs' },
            { type: 2, style: 1, label: 'x'.repeat(81), custom_id: '' },
          ],
        },
        ...Array.from({ length: 5 }, () => ({ type: 1, components: [] })),
      ],
    });
    const paths = issues.map((i) => i.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining([
        'embeds.0.title',
        'embeds.0.footer.text',
        'embeds.0.author.name',
        'embeds.1.fields',
        'embeds',
        'components',
        'components.0.components.0.url',
        'components.0.components.1.label',
        'components.0.components.1.custom_id',
        'components.1.components',
      ]),
    );
    expect(validateDiscordMessage({ embeds: new Array(11).fill({ title: 'x' }) })[0]).toMatch(
      /^embeds: .*between 0 and 10/,
    );
  });
});
