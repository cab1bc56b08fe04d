// Slack's external file upload flow for the fake (docs.slack.dev/messaging/working-with-files):
// files.getUploadURLExternal hands out an upload URL and a file id, the client POSTs the bytes
// there, and files.completeUploadExternal shares the file in a channel.
import type { MethodResult } from './methods.js';

export interface SlackFile {
  id: string;
  filename: string;
  /** The length files.getUploadURLExternal was told (bytes). */
  length: number;
  title?: string;
  /** The uploaded bytes as UTF-8 text; undefined until uploaded. */
  content?: string;
  /** Where completeUploadExternal shared it; undefined until completed. */
  channel?: string;
  initialComment?: string;
}

const err = (error: string): MethodResult => ({ body: { ok: false, error } });

export class SlackFiles {
  readonly files = new Map<string, SlackFile>();
  private seq = 0;

  constructor(
    private readonly base: () => string,
    private readonly channelOk: (channel: string) => string | undefined,
  ) {}

  /** Handles a files.* method, or returns undefined for any other method. */
  handle(method: string, body: Record<string, unknown>): MethodResult | undefined {
    if (method === 'files.getUploadURLExternal') {
      const length = Number(body.length);
      if (typeof body.filename !== 'string' || !body.filename) return err('invalid_arguments');
      if (!Number.isInteger(length) || length < 1) return err('invalid_arguments');
      const id = `F${String(++this.seq).padStart(6, '0')}`;
      this.files.set(id, { id, filename: body.filename, length });
      return { body: { ok: true, upload_url: `${this.base()}/upload/${id}`, file_id: id } };
    }
    if (method === 'files.completeUploadExternal') {
      const list = (typeof body.files === 'string' ? JSON.parse(body.files) : body.files) as
        { id: string; title?: string }[] | undefined;
      if (!Array.isArray(list) || list.length === 0) return err('invalid_arguments');
      const channel = typeof body.channel_id === 'string' ? body.channel_id : undefined;
      const problem = channel ? this.channelOk(channel) : undefined;
      if (problem) return err(problem);
      const done: SlackFile[] = [];
      for (const f of list) {
        const file = this.files.get(f.id);
        if (!file || file.content === undefined) return err('file_not_found');
        Object.assign(file, {
          title: f.title,
          channel,
          initialComment: typeof body.initial_comment === 'string' ? body.initial_comment : undefined,
        });
        done.push(file);
      }
      return {
        body: { ok: true, files: done.map((f) => ({ id: f.id, name: f.filename, title: f.title ?? f.filename })) },
      };
    }
    return undefined;
  }

  /**
   * The upload POST to an upload URL: 200 and the bytes kept, or 404 for an unknown id. The bytes
   * come raw, or (as the Node Web API client sends them) as the one file part of a multipart form.
   */
  async receive(id: string, raw: Buffer, contentType = ''): Promise<{ status: number; body: string }> {
    const file = this.files.get(id);
    if (!file) return { status: 404, body: 'not found' };
    if (contentType.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      const part = [...form.values()][0];
      file.content = part === undefined ? '' : typeof part === 'string' ? part : await part.text();
    } else file.content = raw.toString('utf8');
    return { status: 200, body: `OK - ${raw.length}` };
  }
}
