/**
 * Pure validators for Discord's documented payload limits (discord-api-docs: message.mdx
 * §Embed Limits, components/reference.mdx, application-commands.mdx). The fake returns
 * 400 {code:50035,"Invalid Form Body"} for any issue these report.
 */

export interface LimitIssue {
  /** Form-body path segments, as Discord reports them: ['embeds', '0', 'title']. */
  path: string[];
  code: string;
  message: string;
}

const IS_COMPONENTS_V2 = 1 << 15;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function maxLen(issues: LimitIssue[], path: string[], value: unknown, max: number, min = 0): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    issues.push({ path, code: 'STRING_TYPE_CONVERT', message: 'Could not interpret value as string.' });
  } else if (value.length > max || value.length < min) {
    const message = min > 0 ? `Must be between ${min} and ${max} in length.` : `Must be ${max} or fewer in length.`;
    issues.push({ path, code: 'BASE_TYPE_BAD_LENGTH', message: `${message} (got ${value.length})` });
  }
}

function maxItems(issues: LimitIssue[], path: string[], value: unknown, max: number, min = 0): value is unknown[] {
  if (value === undefined || value === null) return false;
  if (!Array.isArray(value)) {
    issues.push({ path, code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' });
    return false;
  }
  if (value.length > max || value.length < min) {
    issues.push({
      path,
      code: 'BASE_TYPE_BAD_LENGTH',
      message: `Must be between ${min} and ${max} in length. (got ${value.length})`,
    });
  }
  return true;
}

function required(issues: LimitIssue[], path: string[], value: unknown): boolean {
  if (typeof value === 'string' && value.length > 0) return true;
  issues.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  return false;
}

function validateEmbeds(issues: LimitIssue[], embeds: unknown): void {
  if (!maxItems(issues, ['embeds'], embeds, 10)) return;
  let total = 0;
  const count = (v: unknown) => (total += typeof v === 'string' ? v.length : 0);
  embeds.forEach((embed, i) => {
    const p = ['embeds', String(i)];
    if (!isObj(embed)) return void issues.push({ path: p, code: 'DICT_TYPE_CONVERT', message: 'Must be an object.' });
    maxLen(issues, [...p, 'title'], embed.title, 256);
    maxLen(issues, [...p, 'description'], embed.description, 4096);
    count(embed.title);
    count(embed.description);
    const footer = isObj(embed.footer) ? embed.footer : undefined;
    const author = isObj(embed.author) ? embed.author : undefined;
    maxLen(issues, [...p, 'footer', 'text'], footer?.text, 2048);
    maxLen(issues, [...p, 'author', 'name'], author?.name, 256);
    count(footer?.text);
    count(author?.name);
    if (maxItems(issues, [...p, 'fields'], embed.fields, 25)) {
      (embed.fields as unknown[]).forEach((field, j) => {
        const fp = [...p, 'fields', String(j)];
        const f = isObj(field) ? field : {};
        if (required(issues, [...fp, 'name'], f.name)) maxLen(issues, [...fp, 'name'], f.name, 256);
        if (required(issues, [...fp, 'value'], f.value)) maxLen(issues, [...fp, 'value'], f.value, 1024);
        count(f.name);
        count(f.value);
      });
    }
  });
  if (total > 6000) {
    issues.push({
      path: ['embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of 6000 (got ${total})`,
    });
  }
}

function validateComponent(issues: LimitIssue[], p: string[], c: Obj, seenIds: Set<string>): void {
  const customId = c.custom_id;
  const checkCustomId = () => {
    maxLen(issues, [...p, 'custom_id'], customId, 100, 1);
    if (typeof customId === 'string') {
      if (seenIds.has(customId)) {
        issues.push({
          path: [...p, 'custom_id'],
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: 'Component custom id cannot be duplicated',
        });
      }
      seenIds.add(customId);
    }
  };
  if (c.type === 2) {
    maxLen(issues, [...p, 'label'], c.label, 80);
    if (c.style === 5) {
      required(issues, [...p, 'url'], c.url);
      if (customId !== undefined) {
        issues.push({
          path: [...p, 'custom_id'],
          code: 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
          message: 'A link button cannot have a custom id',
        });
      }
    } else if (c.style !== 6) {
      if (customId === undefined) required(issues, [...p, 'custom_id'], customId);
      else checkCustomId();
    }
    if (c.style !== 6 && !str(c.label) && c.emoji === undefined) {
      issues.push({
        path: [...p, 'label'],
        code: 'BUTTON_COMPONENT_MISSING_LABEL_OR_EMOJI',
        message: 'A button must have a label or an emoji',
      });
    }
  } else if (typeof c.type === 'number' && SELECT_TYPES.has(c.type)) {
    checkCustomId();
    maxLen(issues, [...p, 'placeholder'], c.placeholder, 150);
    if (c.type === 3) maxItems(issues, [...p, 'options'], c.options, 25, 1);
  }
}

function validateComponents(issues: LimitIssue[], components: unknown, flags: number): void {
  if ((flags & IS_COMPONENTS_V2) !== 0) return; // Components V2 follow other rules; not modelled
  if (!maxItems(issues, ['components'], components, 5)) return;
  const seenIds = new Set<string>();
  components.forEach((row, i) => {
    const p = ['components', String(i)];
    if (!isObj(row) || row.type !== 1) {
      return void issues.push({
        path: [...p, 'type'],
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'Top-level components must be action rows (type 1).',
      });
    }
    if (!maxItems(issues, [...p, 'components'], row.components, 5, 1)) return;
    const children = row.components as unknown[];
    const hasSelect = children.some((c) => isObj(c) && typeof c.type === 'number' && SELECT_TYPES.has(c.type));
    if (hasSelect && children.length > 1) {
      issues.push({
        path: [...p, 'components'],
        code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
        message: 'A select menu must be alone in its action row.',
      });
    }
    children.forEach((c, j) => {
      if (isObj(c)) validateComponent(issues, [...p, 'components', String(j)], c, seenIds);
    });
  });
}

/** Detailed form of validateDiscordMessage. */
export function messageLimitIssues(body: unknown): LimitIssue[] {
  const issues: LimitIssue[] = [];
  if (!isObj(body)) return [{ path: [], code: 'DICT_TYPE_CONVERT', message: 'Body must be a JSON object.' }];
  maxLen(issues, ['content'], body.content, 2000);
  validateEmbeds(issues, body.embeds);
  validateComponents(issues, body.components, typeof body.flags === 'number' ? body.flags : 0);
  return issues;
}

/** Pure check of a message payload (channel message, webhook, interaction callback data). */
export function validateDiscordMessage(body: unknown): string[] {
  return messageLimitIssues(body).map(formatIssue);
}

/** True when Discord would answer 50006 "Cannot send an empty message". */
export function isEmptyMessage(body: unknown, fileCount = 0): boolean {
  if (!isObj(body)) return fileCount === 0;
  const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== '');
  return (
    fileCount === 0 &&
    !['content', 'embeds', 'components', 'sticker_ids', 'poll', 'attachments'].some((k) => nonEmpty(body[k]))
  );
}

/** Autocomplete (type 8) and modal (type 9) callback data. */
export function callbackDataIssues(type: number, data: unknown): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const d = isObj(data) ? data : {};
  if (type === 8 && maxItems(issues, ['data', 'choices'], d.choices, 25)) {
    (d.choices as unknown[]).forEach((choice, i) => {
      const c = isObj(choice) ? choice : {};
      maxLen(issues, ['data', 'choices', String(i), 'name'], c.name, 100, 1);
      if (typeof c.value === 'string') maxLen(issues, ['data', 'choices', String(i), 'value'], c.value, 100);
    });
  }
  if (type === 9) {
    maxLen(issues, ['data', 'title'], d.title, 45, 1);
    maxLen(issues, ['data', 'custom_id'], d.custom_id, 100, 1);
    maxItems(issues, ['data', 'components'], d.components, 5, 1);
  }
  if (type === 4 || type === 7) issues.push(...messageLimitIssues(d).map((i) => ({ ...i, path: ['data', ...i.path] })));
  return issues;
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommandOptions(issues: LimitIssue[], p: string[], options: unknown): void {
  if (!maxItems(issues, [...p, 'options'], options, 25)) return;
  let sawOptional = false;
  (options as unknown[]).forEach((opt, i) => {
    const op = [...p, 'options', String(i)];
    const o = isObj(opt) ? opt : {};
    if (typeof o.name !== 'string' || !NAME_RE.test(o.name) || o.name !== o.name.toLowerCase()) {
      issues.push({
        path: [...op, 'name'],
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: `Invalid option name ${JSON.stringify(o.name)}`,
      });
    }
    maxLen(issues, [...op, 'description'], o.description, 100, 1);
    maxItems(issues, [...op, 'choices'], o.choices, 25);
    if (o.type === 1 || o.type === 2) validateCommandOptions(issues, op, o.options);
    else if (o.required === true && sawOptional) {
      issues.push({
        path: [...op, 'required'],
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    } else if (o.required !== true) sawOptional = true;
  });
}

/** Bulk-overwrite body for /applications/:app(/guilds/:g)/commands. */
export function commandLimitIssues(body: unknown): LimitIssue[] {
  const issues: LimitIssue[] = [];
  if (!Array.isArray(body)) return [{ path: [], code: 'LIST_TYPE_CONVERT', message: 'Must be an array.' }];
  const chatInput = body.filter((c) => isObj(c) && (c.type ?? 1) === 1);
  if (chatInput.length > 100)
    issues.push({ path: [], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be 100 or fewer in length.' });
  const names = new Set<string>();
  body.forEach((cmd, i) => {
    const p = [String(i)];
    const c = isObj(cmd) ? cmd : {};
    const type = c.type ?? 1;
    const name = str(c.name);
    if (!name || !NAME_RE.test(name) || (type === 1 && name !== name.toLowerCase())) {
      issues.push({
        path: [...p, 'name'],
        code: 'APPLICATION_COMMAND_INVALID_NAME',
        message: `Invalid command name ${JSON.stringify(c.name)}`,
      });
    }
    const key = `${String(type)}:${name ?? ''}`;
    if (names.has(key))
      issues.push({
        path: [...p, 'name'],
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: `Duplicate command name ${name ?? ''}`,
      });
    names.add(key);
    if (type === 1) maxLen(issues, [...p, 'description'], c.description ?? '', 100, 1);
    validateCommandOptions(issues, p, c.options);
  });
  return issues;
}

export function formatIssue(issue: LimitIssue): string {
  return `${issue.path.join('.') || '(body)'}: ${issue.message} [${issue.code}]`;
}

/** Discord's nested `errors` object for a 50035 response. */
export function formErrors(issues: LimitIssue[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = root;
    for (const seg of issue.path) {
      const next = node[seg];
      node = isObj(next) ? next : (node[seg] = {});
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : (node._errors = []);
    list.push({ code: issue.code, message: issue.message });
  }
  return root;
}
