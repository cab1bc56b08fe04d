import type { Paper } from '../src/model.js';

/**
 * Invented team personas for the taste benchmark: each likes some subjects and dislikes others,
 * and votes on every day's list with noise. None of them is a real team; their votes are made up
 * here, on real papers. Each is described by what a team member would say of it.
 */
export interface Persona {
  name: string;
  says: string;
  /** Subjects it likes: matched in the title and HF keywords (a strong like), or the abstract (a weak one). */
  likes: RegExp;
  /** Subjects it does not want: a match in the title or keywords may get 👎. */
  dislikes?: RegExp;
  /** Likes what the community likes: the day's most upvoted papers. */
  followsCrowd?: boolean;
}

export const PERSONAS: readonly Persona[] = [
  {
    name: 'agents',
    says: 'LLM agents, tool use, GUI and web agents, deep research',
    likes:
      /\bagent(s|ic)?\b|tool[- ](use|calling|learning)|function calling|\bgui\b|web (navigation|browsing)|computer[- ]use|deep research/i,
    dislikes: /diffusion|image generation|video generation|3d/i,
  },
  {
    name: 'pixels',
    says: 'image and video generation, diffusion, 3D',
    likes:
      /diffusion|image generation|video generation|text-to-(image|video)|image editing|\b3d\b|gaussian splatting|rendering|avatar/i,
    dislikes: /mathematical reasoning|theorem|code generation|\bsql\b/i,
  },
  {
    name: 'fast',
    says: 'efficient inference: quantization, speculative decoding, KV cache, sparse attention, MoE',
    likes:
      /quantiz|speculative decoding|kv[- ]cache|sparse attention|efficient inference|inference (efficiency|acceleration)|pruning|mixture[- ]of[- ]experts|\bmoe\b|linear attention|throughput/i,
    dislikes: /\bbenchmark\b|survey/i,
  },
  {
    name: 'rl',
    says: 'reinforcement learning for LLM reasoning: GRPO, RLVR, reward models, math',
    likes:
      /reinforcement learning|\bgrpo\b|\brlvr\b|verifiable reward|policy optimization|reward model|mathematical reasoning/i,
    dislikes: /video|image editing|avatar|speech/i,
  },
  {
    name: 'robots',
    says: 'robotics and embodied AI: VLA models, manipulation, navigation, world models',
    likes:
      /robot|embodied|vision-language-action|\bvla\b|manipulation|navigation|world model|autonomous driving|locomotion/i,
    dislikes: /\bllm agents?\b|code generation|\bsql\b/i,
  },
  {
    name: 'speech',
    says: 'speech, audio, music and multilingual language technology',
    likes: /speech|audio|music|\bvoice|\btts\b|spoken|multilingual|low-resource|translation/i,
    dislikes: /robot|autonomous driving/i,
  },
  {
    name: 'crowd',
    says: "the day's most talked-about papers, plus benchmarks and datasets",
    likes: /\bbenchmark\b|\bdataset\b/i,
    followsCrowd: true,
  },
];

/** One persona's reactions to one day's list. */
export interface DayVotes {
  /** Liked paper id → how many members voted. */
  liked: Map<string, number>;
  notInterested: Set<string>;
}

/** A small seeded generator (mulberry32): the same seed, the same votes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chances a paper gets a 👍: a subject in its title or keywords, only in its abstract, neither (a random vote). */
const STRONG = 0.8;
const WEAK = 0.2;
const RANDOM = 0.03;
const DISLIKE = 0.35;

/**
 * How a persona votes on a day (papers in HF order): 👍 on what it likes with noise, some random
 * 👍, and 👎 now and then on what it does not want.
 */
export function votesOf(persona: Persona, papers: readonly Paper[], random: () => number): DayVotes {
  const liked = new Map<string, number>();
  const notInterested = new Set<string>();
  papers.forEach((p, rank) => {
    const head = `${p.title} ${p.keywords.join(' ')}`;
    const body = `${p.aiSummary ?? ''} ${p.abstract}`;
    let chance = persona.likes.test(head) ? STRONG : persona.likes.test(body) ? WEAK : RANDOM;
    if (persona.followsCrowd) chance = Math.max(chance * 0.6, rank < 3 ? 0.75 : rank < 6 ? 0.3 : RANDOM);
    const r = random();
    if (r < chance) {
      liked.set(p.id, 1 + (random() < 0.4 ? 1 : 0) + (random() < 0.15 ? 1 : 0));
      return;
    }
    if (persona.dislikes?.test(head) && random() < DISLIKE) notInterested.add(p.id);
  });
  return { liked, notInterested };
}
