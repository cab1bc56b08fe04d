// views.open for the Slack fake (https://docs.slack.dev/reference/methods/views.open): a modal
// opened with a `trigger_id` from an interaction (Slack: good for 3 s, used once), checked against
// the modal limits (https://docs.slack.dev/reference/views/modal-views): type `modal`, a
// plain_text title of at most 24 characters, at most 100 blocks, a `submit` button when the view
// has input blocks, `callback_id` ≤ 255 and `private_metadata` ≤ 3000 characters.
import type { MethodResult } from './methods.js';

/** A modal the bot opened, as the fake keeps it. */
export interface OpenedView {
  id: string;
  triggerId: string;
  view: Record<string, unknown>;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (v: unknown) => (isObj(v) && typeof v.text === 'string' ? v.text : undefined);

/** What Slack would refuse in a modal view, as `invalid_arguments` messages. */
export function viewProblems(view: unknown): string[] {
  if (!isObj(view)) return ['view must be an object'];
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push('view.type must be modal');
  const title = textOf(view.title);
  if (title === undefined || title.length === 0 || title.length > 24)
    problems.push('view.title must be 1-24 characters of plain_text');
  const blocks = Array.isArray(view.blocks) ? view.blocks : undefined;
  if (!blocks || blocks.length > 100) problems.push('view.blocks must be an array of at most 100 blocks');
  if (blocks?.some((b) => isObj(b) && b.type === 'input') && !textOf(view.submit))
    problems.push('a view with inputs needs submit');
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255)
    problems.push('view.callback_id is over 255 characters');
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000)
    problems.push('view.private_metadata is over 3000 characters');
  return problems;
}

export class SlackViews {
  readonly opened: OpenedView[] = [];
  private readonly used = new Set<string>();
  private seq = 0;

  open(body: Record<string, unknown>, teamId: string): MethodResult {
    const trigger = typeof body.trigger_id === 'string' ? body.trigger_id : '';
    if (!trigger) return { body: { ok: false, error: 'invalid_trigger_id' } };
    if (this.used.has(trigger)) return { body: { ok: false, error: 'expired_trigger_id' } };
    const problems = viewProblems(body.view);
    if (problems.length)
      return { body: { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } } };
    this.used.add(trigger);
    const view = body.view as Record<string, unknown>;
    const id = `V${String(++this.seq).padStart(8, '0')}`;
    this.opened.push({ id, triggerId: trigger, view });
    return {
      body: {
        ok: true,
        view: { ...view, id, team_id: teamId, state: { values: {} }, hash: `${Date.now()}.${id}`, root_view_id: id },
      },
    };
  }
}
