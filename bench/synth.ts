import type { Paper } from '../src/model.js';
import { fixturePapers } from '../test/support/papers.js';

const EXTRA = [
  'scalable',
  'efficient',
  'robust',
  'multimodal',
  'sparse',
  'causal',
  'federated',
  'latent',
  'contrastive',
  'adaptive',
  'neural',
  'agentic',
  'quantized',
  'hierarchical',
  'generative',
  'streaming',
];

/** `n` distinct papers made by varying the real fixture papers: new ids, reshuffled titles and author lists. */
export function synthesizePapers(n: number): Paper[] {
  const base = fixturePapers();
  const out: Paper[] = [];
  for (let i = 0; i < n; i++) {
    const p = base[i % base.length]!;
    const words = p.title.split(' ');
    const rot = (i * 7) % words.length;
    const title = [EXTRA[i % EXTRA.length], ...words.slice(rot), ...words.slice(0, rot), `v${i}`].join(' ');
    const authors = p.authors.map((a, j) => ({
      name: `${a.name.split(' ')[0]} ${String.fromCharCode(65 + ((i + j) % 26))}${i % 997}`,
    }));
    out.push({
      ...p,
      id: `${2000 + Math.floor(i / 99_999)}.${String(i % 99_999).padStart(5, '0')}`,
      title,
      authors,
      upvotes: (i * 31) % 500,
    });
  }
  return out;
}
