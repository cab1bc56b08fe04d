import { canonicalPaperId } from '../papers/paper-id.js';

/** One usable or unusable entry of an import file, with the line it starts on (1-based). */
export type ImportEntry = { line: number; id: string; votes: number } | { line: number; problem: string };

/** What kind of file it is, as read from its content. */
export type ImportFormat = 'csv' | 'bibtex' | 'lines';

const show = (text: string, max = 60) => {
  const t = text.trim();
  return `"${t.length > max ? `${t.slice(0, max - 1)}…` : t}"`;
};

/** The arXiv id a text names: a bare id, `arXiv:…`, an arXiv or Hugging Face link, or the arXiv DOI. */
export function arxivIdIn(text: string): string | undefined {
  const t = text.trim().replace(/^\{|\}$/g, '');
  const direct = canonicalPaperId(t);
  if (direct) return direct;
  const doi = /10\.48550\/arxiv\.(\d{4}\.\d{4,5})/i.exec(t);
  if (doi) return doi[1];
  const link = /(?:arxiv\.org\/(?:abs|pdf|html)|huggingface\.co\/papers|hf\.co\/papers)\/[^\s}",]+/i.exec(t);
  if (link) return canonicalPaperId(link[0]);
  const tagged = /arxiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})/i.exec(t);
  return tagged ? canonicalPaperId(tagged[1]!) : undefined;
}

/** Guesses the format: a header naming `paper_id` is a `top --csv` export, an `@type{` entry BibTeX. */
export function importFormat(text: string): ImportFormat {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  if (/(^|,)"?paper_id"?(,|$)/.test(first.trim())) return 'csv';
  if (/^\s*@\w+\s*[{(]/m.test(text)) return 'bibtex';
  return 'lines';
}

/** CSV rows per RFC 4180 (quoted cells, doubled quotes, CRLF), each with the line it starts on. */
function csvRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) rows.push({ line: start, cells });
      cells = [];
      cell = '';
      start = ++line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ line: start, cells });
  return rows;
}

function fromCsv(text: string): ImportEntry[] {
  const [header, ...rows] = csvRows(text);
  const columns = header!.cells.map((c) => c.trim().toLowerCase());
  const idAt = columns.indexOf('paper_id');
  const votesAt = columns.indexOf('team_votes');
  return rows.map(({ line, cells }) => {
    const raw = (cells[idAt] ?? '').replace(/^'/, '');
    const id = arxivIdIn(raw);
    if (!id) return { line, problem: `${show(raw)} in paper_id is not an arXiv id` };
    const votes = Number((cells[votesAt] ?? '').replace(/^'/, ''));
    return { line, id, votes: Number.isInteger(votes) && votes >= 1 ? Math.min(votes, 1000) : 1 };
  });
}

/** The fields of one BibTeX entry's body: `name = {value}`, `"value"` or a bare word, lower-cased names. */
function bibFields(body: string): Map<string, string> {
  const fields = new Map<string, string>();
  const re = /([A-Za-z][\w-]*)\s*=\s*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    let i = re.lastIndex;
    let value = '';
    if (body[i] === '{') {
      let depth = 0;
      const from = i;
      for (; i < body.length; i++) {
        if (body[i] === '{') depth++;
        else if (body[i] === '}' && --depth === 0) break;
      }
      value = body.slice(from + 1, i);
      i++;
    } else if (body[i] === '"') {
      const end = body.indexOf('"', i + 1);
      value = body.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? body.length : end + 1;
    } else {
      const end = body.slice(i).search(/[,\n}]/);
      value = body.slice(i, end < 0 ? undefined : i + end);
      i = end < 0 ? body.length : i + end;
    }
    fields.set(m[1]!.toLowerCase(), value.trim());
    re.lastIndex = i;
  }
  return fields;
}

/** The fields an arXiv id is looked for in, in order (Zotero writes `eprint` and `url`; others `arxivid`, a DOI, a note). */
const ID_FIELDS = ['eprint', 'arxivid', 'arxiv', 'url', 'doi', 'journal', 'note', 'howpublished', 'archiveprefix'];

function fromBibtex(text: string): ImportEntry[] {
  const entries: ImportEntry[] = [];
  const starts = [...text.matchAll(/^\s*@(\w+)\s*[{(]\s*([^,\s]*)\s*,?/gm)];
  starts.forEach((m, k) => {
    const type = m[1]!.toLowerCase();
    if (type === 'comment' || type === 'string' || type === 'preamble') return;
    const line = text.slice(0, m.index + m[0].indexOf('@')).split('\n').length;
    const body = text.slice(m.index + m[0].length, starts[k + 1]?.index ?? text.length);
    const fields = bibFields(body);
    for (const name of ID_FIELDS) {
      const value = fields.get(name);
      const id = value === undefined ? undefined : arxivIdIn(value);
      if (id) return void entries.push({ line, id, votes: 1 });
    }
    entries.push({ line, problem: `entry ${show(m[2] || type, 40)} has no arXiv id (an eprint or arXiv URL field)` });
  });
  return entries;
}

function fromLines(text: string): ImportEntry[] {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return [];
    const id = arxivIdIn(t);
    return [
      id
        ? { line: i + 1, id, votes: 1 }
        : { line: i + 1, problem: `${show(t)} is not an arXiv id or an arXiv or Hugging Face link` },
    ];
  });
}

/**
 * The papers an import file names: a `paperfeed top --csv` export (`paper_id`, `team_votes`), a
 * list of arXiv ids or arXiv/HF links one per line (blank lines and `#` comments skipped), or
 * BibTeX (`eprint` or arXiv URL fields, as Zotero exports it). Each entry is usable or says why not.
 */
export function parseImport(text: string): { format: ImportFormat; entries: ImportEntry[] } {
  const body = text.replace(/^\uFEFF/, '');
  const format = importFormat(body);
  const entries = format === 'csv' ? fromCsv(body) : format === 'bibtex' ? fromBibtex(body) : fromLines(body);
  return { format, entries };
}
