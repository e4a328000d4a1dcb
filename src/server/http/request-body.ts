import { MAX_BODY_BYTES } from './body-limit.ts';

export type BodyRead<T> = { ok: true; value: T } | { ok: false; status: 400 | 413 | 415; message: string };

const TOO_LARGE = { ok: false, status: 413, message: `Requests are limited to ${MAX_BODY_BYTES / 1024} KB.` } as const;
const NOT_UTF8 = { ok: false, status: 400, message: 'The request is not valid UTF-8 text.' } as const;

// A decoder that replaced broken bytes with U+FFFD would store text the writer never typed.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A form post's fields; the adapter's body limit turns an oversized chunked body into a 413. */
export async function readForm(request: Request): Promise<BodyRead<FormData>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return { ok: false, status: 415, message: 'Send the form as application/x-www-form-urlencoded.' };
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const bytes = await readBytes(request);
    if (!bytes.ok) return bytes;
    const fields = decodeUrlEncoded(bytes.value);
    return fields === null ? NOT_UTF8 : { ok: true, value: fields };
  }
  try {
    return { ok: true, value: await request.formData() };
  } catch (error) {
    return isTooLarge(error) ? TOO_LARGE : { ok: false, status: 400, message: 'The form could not be read.' };
  }
}

/** A JSON request's parsed body. */
export async function readJson(request: Request): Promise<BodyRead<unknown>> {
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) {
    return { ok: false, status: 415, message: 'Send the request body as application/json.' };
  }
  const bytes = await readBytes(request);
  if (!bytes.ok) return bytes;
  let text: string;
  try {
    text = strictUtf8.decode(bytes.value);
  } catch {
    return NOT_UTF8;
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON.' };
  }
}

async function readBytes(request: Request): Promise<BodyRead<Uint8Array>> {
  try {
    return { ok: true, value: new Uint8Array(await request.arrayBuffer()) };
  } catch (error) {
    return isTooLarge(error) ? TOO_LARGE : { ok: false, status: 400, message: 'The request body could not be read.' };
  }
}

/** application/x-www-form-urlencoded as the URL Standard parses it, but null where a value is not UTF-8. */
function decodeUrlEncoded(bytes: Uint8Array): FormData | null {
  const form = new FormData();
  const text = Buffer.from(bytes).toString('latin1');
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = percentDecode(equals === -1 ? pair : pair.slice(0, equals));
    const value = percentDecode(equals === -1 ? '' : pair.slice(equals + 1));
    if (name === null || value === null) return null;
    form.append(name, value);
  }
  return form;
}

function percentDecode(text: string): string | null {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    const hex = text.slice(index + 1, index + 3);
    if (char === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(char === 0x2b ? 0x20 : char);
    }
  }
  try {
    return strictUtf8.decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/** The adapter reports "Body size limit exceeded", sometimes wrapped as the cause of undici's error. */
function isTooLarge(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /size limit exceeded/i.test(error.message) || isTooLarge(error.cause);
}
