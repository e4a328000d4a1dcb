import { MAX_BODY_BYTES } from '../server/http/server.ts';

export type BodyRead<T> = { ok: true; value: T } | { ok: false; status: 400 | 413 | 415; message: string };

const TOO_LARGE = { ok: false, status: 413, message: `Requests are limited to ${MAX_BODY_BYTES / 1024} KB.` } as const;

/** A form post's fields; the adapter's body limit turns an oversized chunked body into a 413. */
export async function readForm(request: Request): Promise<BodyRead<FormData>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return { ok: false, status: 415, message: 'Send the form as application/x-www-form-urlencoded.' };
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
  let text: string;
  try {
    text = await request.text();
  } catch (error) {
    return isTooLarge(error) ? TOO_LARGE : { ok: false, status: 400, message: 'The request body could not be read.' };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON.' };
  }
}

/** The adapter reports "Body size limit exceeded", sometimes wrapped as the cause of undici's error. */
function isTooLarge(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return /size limit exceeded/i.test(error.message) || isTooLarge(error.cause);
}
