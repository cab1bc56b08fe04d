/**
 * arXiv's category taxonomy (https://arxiv.org/category_taxonomy): the names an arXiv feed may
 * follow, as arXiv spells them. A whole archive (`cs`, `math`) is a listing too.
 */
const SUBJECTS: Record<string, string> = {
  cs: 'AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI OH OS PF PL RO SC SD SE SI SY',
  econ: 'EM GN TH',
  eess: 'AS IV SP SY',
  math: 'AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT SG SP ST',
  'astro-ph': 'CO EP GA HE IM SR',
  'cond-mat': 'dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con',
  nlin: 'AO CD CG PS SI',
  physics:
    'acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph',
  'q-bio': 'BM CB GN MN NC OT PE QM SC TO',
  'q-fin': 'CP EC GN MF PM PR RM ST TR',
  stat: 'AP CO ME ML OT TH',
};

/** Archives without subject classes. */
const WHOLE = ['gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nucl-ex', 'nucl-th', 'quant-ph'];

/** Lower-cased name → arXiv's spelling. */
const KNOWN: ReadonlyMap<string, string> = new Map(
  [
    ...WHOLE,
    ...Object.keys(SUBJECTS),
    ...Object.entries(SUBJECTS).flatMap(([archive, subjects]) => subjects.split(' ').map((s) => `${archive}.${s}`)),
  ].map((name) => [name.toLowerCase(), name]),
);

/** A category as arXiv spells it (`CS.ro` → `cs.RO`), or undefined when arXiv has no such category. */
export const arxivCategory = (text: string): string | undefined => KNOWN.get(text.trim().toLowerCase());
