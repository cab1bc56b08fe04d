import { describe, expect, it } from 'vitest';
import { definitions } from '../../../commands/index.js';
import { parseCommandText } from '../../../adapters/slack/parse.js';
import { parseArxivFeed } from '../../../src/upstream/arxiv/parse.js';
import { UserError } from '../../../src/errors.js';
import { describeFilter, filterOf, matchesFilter, parseFilter } from '../../../src/filter/filter.js';
import { readFixture } from '../../fakes/hf-fake.js';
import { fixturePapers } from '../../support/papers.js';

// Real papers: the HF 2026-06-12 capture, and the arXiv capture (which carries categories).
const hf = new Map(fixturePapers().map((p) => [p.id, p]));
const arxiv = new Map(parseArxivFeed(readFixture('arxiv-query-sample.xml')).map((p) => [p.id, p]));
const paper = (id: string) => hf.get(id) ?? arxiv.get(id)!;
const matches = (filter: string | string[], id: string) => matchesFilter(paper(id), filterOf(filter));

describe('the filter language', () => {
  it.each([
    // Whole words: "rl" is RL, not the "rl" in "real-world".
    ['rl', '2606.08039', true], // "reinforcement learning (RL)"
    ['rl', '2606.08063', false], // "real-world visual corruptions", no RL
    ['agent', '2606.13392', false], // only "agentic"
    // Case.
    ['RL', '2606.13106', true],
    ['Rl', '2606.13106', true],
    ['AGENTS', '2606.10423', true], // "Generalist Web Agent"
    // Plurals, both ways.
    ['agents', '2606.13572', true], // only "Multi-Agent" and "agent"
    ['agent', '2606.12451', true], // only "agents"
    ['query', '2606.12451', true], // only "queries"
    ['queries', '2606.13392', true], // only "Grouped Query Attention"
    ['benchmarks', '2606.08063', true], // "corruption benchmark"
    // Accents fold: "Boglárka Ecsedi".
    ["author:'Boglarka Ecsedi'", '2606.11409', true],
    // Words are either-or; a quoted phrase needs its words together.
    ['reinforcement learning', '2606.12488', true], // "learning" alone is enough
    ["'reinforcement learning'", '2606.12488', false],
    ['"reinforcement learning"', '2606.08063', true],
    ['“Real World”', '2606.08063', true], // curly quotes, "real-world" in the text
    ['multi-agent', '2606.13572', true], // a hyphenated word is a phrase: "Multi-Agent Framework"
    ["'multi agents'", '2606.08039', true], // "multi-agent", plural folded inside a phrase
    ['video, zzz', '2606.08063', false],
    ['video, world', '2606.08063', true], // commas separate like spaces
    // Exclusions.
    ['diffusion', '2606.12575', true],
    ['diffusion -distillation', '2606.12575', false], // "diffusion distillation"
    ['diffusion -distillation', '2606.06113', true],
    ["latent -'latent reasoning'", '2606.13106', false],
    ['-survey', '2606.13681', true], // only exclusions: everything else passes
    ['-author:Kocielnik', '2606.12730', false],
    // Authors: part of a name, in order; several are either-or; HF usernames too.
    ['author:Kocielnik', '2606.00467', true],
    ["author:'Rafal Kocielnik'", '2606.12730', true],
    ["author:'Kocielnik Rafal'", '2606.12730', false],
    ['author:Xu author:Kocielnik', '2606.12730', true],
    ['author:jayoohwang', '2606.10423', true],
    ['by:Kocielnik', '2606.00467', true],
    // Groups AND: words, then authors.
    ['agents author:Kocielnik', '2606.12730', false], // no agents in it
    ['LLMs author:Kocielnik', '2606.12730', true],
    // Categories, from arXiv metadata; "cs" is every cs.* category.
    ['category:cs.RO', '2606.13677', true],
    ['category:CS.ro', '2606.13677', true],
    ['cat:cs', '2606.13677', true],
    ['category:cs.CL', '2606.13677', false],
    ['category:cs.CL category:cs.RO', '2606.13677', true],
    ['-category:cs.RO', '2606.13677', false],
    ['manipulation category:cs.RO', '2606.13677', true],
    ['category:cs', '2606.13681', false], // an HF paper whose categories are not known
    ['-category:cs', '2606.13681', true],
    // Legacy keyword lists: each an either-or phrase, now whole-word.
    [['robust', 'zzz'], '2606.08063', true],
    [['rl'], '2606.08063', false],
    [['multi agent'], '2606.13572', true],
    [[], '2606.08063', true],
    ['', '2606.08063', true],
  ] as const)('%j on %s matches: %s', (filter, id, expected) => {
    expect(matches(filter as string | string[], id)).toBe(expected);
  });

  it.each([
    ["agents 'tool use", /quote in "'tool use" is never closed/],
    ['agents "tool use', /quote in "\\"tool use" is never closed/],
    ['agents -', /"-" must be followed by what to leave out/],
    ['agents - survey', /"-" must be followed by what to leave out/],
    ['title:agents', /"title:" is not something a filter can look at; use author: or category:/],
    ['author:', /"author:" needs a value right after the colon/],
    ['author: LeCun', /"author:" needs a value/],
    ['category:"computer science"', /"computer science" is not an arXiv category; write it like cs.CL/],
    ['category:cs..CL', /is not an arXiv category/],
    ['agents AND tools', /"AND" is not needed: words are either-or/],
    ['"!!!"', /has no letters or digits/],
    ["''", /has no letters or digits/],
    [Array.from({ length: 21 }, (_, i) => `w${i}`).join(' '), /at most 20/],
    ['x'.repeat(81), /too long/],
  ])('refuses %j with a specific reason', (text, message) => {
    expect(() => parseFilter(text)).toThrow(UserError);
    expect(() => parseFilter(text)).toThrow(message);
  });

  it('ignores OR, which is what words already mean', () => {
    expect(parseFilter('agents OR tools')).toEqual(parseFilter('agents tools'));
  });

  it('keeps an apostrophe inside a single-quoted phrase', () => {
    expect(parseFilter("'LeCun's lab' x").include.map((i) => i.text)).toEqual(["LeCun's lab", 'x']);
  });

  it('reads the same filter from Slack key:value text, where single quotes survive the outer quotes', () => {
    const r = parseCommandText(
      `subscribe keywords:"agents 'tool use' -survey author:'Yann LeCun' category:cs.CL"`,
      definitions(),
    );
    expect(r.ok && r.raw.keywords).toBe("agents 'tool use' -survey author:'Yann LeCun' category:cs.CL");
    expect(describeFilter(parseFilter(r.ok ? r.raw.keywords! : ''))).toBe(
      'mentioning "agents" or "tool use", by Yann LeCun, in cs.CL, not mentioning "survey"',
    );
  });

  it.each([
    ['Video, agents', 'mentioning "video" or "agents"'],
    ['-author:Kocielnik -category:cs.CV', 'not by Kocielnik, not in cs.CV'],
    ['', ''],
  ])('describes %j as %j', (text, words) => {
    expect(describeFilter(parseFilter(text))).toBe(words);
  });
});
