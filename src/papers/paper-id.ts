/**
 * One canonical paper id: the arXiv id without its version suffix.
 * Accepts bare ids (`2406.14833`, `2406.14833v2`), old-style ids (`hep-th/9901001`),
 * `arXiv:` prefixes, and links to arxiv.org (`abs/`, `pdf/`, `html/`) or huggingface.co/papers.
 */
const NEW_STYLE = /^(\d{4}\.\d{4,5})(v\d+)?$/;
const OLD_STYLE = /^([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/i;
const URL_PATH =
  /^(?:https?:\/\/)?(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html)|huggingface\.co\/papers|hf\.co\/papers)\/(.+)$/i;

export function canonicalPaperId(input: string): string | undefined {
  let text = input.trim().replace(/^<|>$/g, '');
  const link = URL_PATH.exec(text);
  if (link?.[1])
    text = link[1]
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .replace(/\.pdf$/i, '')
      .replace(/\.md$/i, '');
  text = text.replace(/^arxiv:\s*/i, '');
  const modern = NEW_STYLE.exec(text);
  if (modern?.[1]) return modern[1];
  const old = OLD_STYLE.exec(text);
  if (old?.[1]) {
    const [archive, num] = old[1].split('/');
    return `${archive!.split('.')[0]!.toLowerCase()}/${num}`;
  }
  return undefined;
}

export const hfPaperUrl = (id: string): string => `https://huggingface.co/papers/${id}`;
export const arxivAbsUrl = (id: string): string => `https://arxiv.org/abs/${id}`;
export const arxivPdfUrl = (id: string): string => `https://arxiv.org/pdf/${id}`;
