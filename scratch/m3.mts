import { renderListing } from '/work/wt/arxiv/test/fakes/arxiv-listing-fake.ts';
import { XMLParser } from '/work/main/node_modules/fast-xml-parser/src/fxp.js';
const items = Array.from({length: 2000}, (_, i) => ({ id: `2604.${String(10000+i)}`, type: i%4===0?'cross':'new', categories: ['cs.RO','cs.LG'], abstract: 'x '.repeat(700), authors: ['A B','C D','E F','G H'] }));
const xml = renderListing(['cs.RO'], { date: '2026-04-27', items } as any);
for (const opts of [
  { processEntities: true },
  { processEntities: false },
  { processEntities: true, stopNodes: ['*.description'] },
]) {
  const p = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, isArray: (n: string)=>['item','category'].includes(n), parseTagValue: false, ...opts });
  for (let k=0;k<3;k++){ const c = process.cpuUsage(); const t2 = performance.now(); p.parse(xml); const u = process.cpuUsage(c); console.log(JSON.stringify(opts), 'wall', (performance.now()-t2).toFixed(0), 'cpu', ((u.user+u.system)/1000).toFixed(0)); }
}
