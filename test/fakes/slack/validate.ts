// Pure validation of Slack message payloads against the documented Block Kit limits
// (platform-testing.md Part B7). Each problem string starts with the error code the real
// API would use: `invalid_blocks: …`, `msg_too_long: …`, or `missing_text: …` (the last one is
// only a warning on real Slack — the fake records it but still accepts the message).

export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  actionsElements: 25,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  headerText: 150,
  contextElements: 10,
  messageText: 40_000,
} as const;

export type SlackProblemCode = 'invalid_blocks' | 'msg_too_long' | 'missing_text';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `text` of a composition text object (`{type, text}`), or undefined. */
function textOf(v: unknown): string | undefined {
  return isObj(v) && typeof v.text === 'string' ? v.text : undefined;
}

function checkId(where: string, key: 'block_id' | 'action_id', v: unknown, out: string[]): void {
  if (v === undefined) return;
  const max = key === 'block_id' ? SLACK_LIMITS.blockId : SLACK_LIMITS.actionId;
  if (typeof v !== 'string' || v.length === 0) out.push(`invalid_blocks: ${where}.${key} must be a non-empty string`);
  else if (v.length > max) out.push(`invalid_blocks: ${where}.${key} is ${v.length} chars (max ${max})`);
}

function checkElement(where: string, el: unknown, out: string[]): void {
  if (!isObj(el)) {
    out.push(`invalid_blocks: ${where} must be an object`);
    return;
  }
  checkId(where, 'action_id', el.action_id, out);
  if (el.type === 'button') {
    const t = textOf(el.text);
    if (t === undefined) out.push(`invalid_blocks: ${where} button needs text`);
    else if (t.length > SLACK_LIMITS.buttonText) {
      out.push(`invalid_blocks: ${where} button text is ${t.length} chars (max ${SLACK_LIMITS.buttonText})`);
    }
  }
}

function checkBlock(i: number, block: unknown, out: string[]): void {
  const where = `blocks[${i}]`;
  if (!isObj(block) || typeof block.type !== 'string') {
    out.push(`invalid_blocks: ${where} must be an object with a type`);
    return;
  }
  checkId(where, 'block_id', block.block_id, out);
  switch (block.type) {
    case 'section': {
      const t = textOf(block.text);
      if (t !== undefined && t.length > SLACK_LIMITS.sectionText) {
        out.push(`invalid_blocks: ${where}.text is ${t.length} chars (max ${SLACK_LIMITS.sectionText})`);
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) out.push(`invalid_blocks: ${where}.fields must be an array`);
        else {
          if (block.fields.length > SLACK_LIMITS.sectionFields) {
            out.push(
              `invalid_blocks: ${where}.fields has ${block.fields.length} items (max ${SLACK_LIMITS.sectionFields})`,
            );
          }
          block.fields.forEach((f, j) => {
            const ft = textOf(f);
            if (ft !== undefined && ft.length > SLACK_LIMITS.sectionFieldText) {
              out.push(
                `invalid_blocks: ${where}.fields[${j}] is ${ft.length} chars (max ${SLACK_LIMITS.sectionFieldText})`,
              );
            }
          });
        }
      }
      if (t === undefined && block.fields === undefined)
        out.push(`invalid_blocks: ${where} section needs text or fields`);
      if (block.accessory !== undefined) checkElement(`${where}.accessory`, block.accessory, out);
      break;
    }
    case 'header': {
      const t = textOf(block.text);
      if (t === undefined) out.push(`invalid_blocks: ${where} header needs text`);
      else if (t.length > SLACK_LIMITS.headerText) {
        out.push(`invalid_blocks: ${where}.text is ${t.length} chars (max ${SLACK_LIMITS.headerText})`);
      }
      break;
    }
    case 'actions': {
      if (!Array.isArray(block.elements)) {
        out.push(`invalid_blocks: ${where}.elements must be an array`);
        break;
      }
      if (block.elements.length > SLACK_LIMITS.actionsElements) {
        out.push(
          `invalid_blocks: ${where}.elements has ${block.elements.length} items (max ${SLACK_LIMITS.actionsElements})`,
        );
      }
      block.elements.forEach((el, j) => checkElement(`${where}.elements[${j}]`, el, out));
      break;
    }
    case 'context': {
      if (!Array.isArray(block.elements)) {
        out.push(`invalid_blocks: ${where}.elements must be an array`);
      } else if (block.elements.length > SLACK_LIMITS.contextElements) {
        out.push(
          `invalid_blocks: ${where}.elements has ${block.elements.length} items (max ${SLACK_LIMITS.contextElements})`,
        );
      }
      break;
    }
    default:
      break;
  }
}

/**
 * Validate a chat.postMessage / postEphemeral / update / response_url body whose `blocks`
 * field (if any) is already parsed (a JSON string is parsed here too). Returns problems; [] = valid.
 */
export function validateSlackMessage(body: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  const text = body.text;
  if (text !== undefined && typeof text !== 'string') out.push('invalid_blocks: text must be a string');
  if (typeof text === 'string' && text.length > SLACK_LIMITS.messageText) {
    out.push(`msg_too_long: text is ${text.length} chars (max ${SLACK_LIMITS.messageText})`);
  }
  let blocks: unknown = body.blocks;
  if (typeof blocks === 'string') {
    try {
      blocks = JSON.parse(blocks) as unknown;
    } catch {
      out.push('invalid_blocks: blocks is not valid JSON');
      return out;
    }
  }
  if (blocks === undefined || blocks === null) return out;
  if (!Array.isArray(blocks)) {
    out.push('invalid_blocks: blocks must be an array');
    return out;
  }
  if (blocks.length > SLACK_LIMITS.blocksPerMessage) {
    out.push(`invalid_blocks: ${blocks.length} blocks (max ${SLACK_LIMITS.blocksPerMessage})`);
  }
  blocks.forEach((b, i) => checkBlock(i, b, out));
  if (blocks.length > 0 && (typeof text !== 'string' || text.trim() === '')) {
    out.push('missing_text: blocks were sent without a top-level text fallback');
  }
  return out;
}

/** The error the fake answers with for a set of problems, or undefined if it should accept. */
export function slackErrorFor(problems: readonly string[]): 'invalid_blocks' | 'msg_too_long' | undefined {
  if (problems.some((p) => p.startsWith('invalid_blocks:'))) return 'invalid_blocks';
  if (problems.some((p) => p.startsWith('msg_too_long:'))) return 'msg_too_long';
  return undefined;
}
