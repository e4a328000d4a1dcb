/** What a page may change on its answer, as `Astro.response` allows. */
export interface PageResponse {
  status?: number;
  readonly headers: Headers;
}

export interface Refusal {
  status: number;
  message: string;
  retryAfterSeconds?: number | undefined;
}

/**
 * Puts a refused form's status on the page's answer, with Retry-After when a limit refused it
 * (RFC 9110 §10.2.3), and gives back the message the page shows beside the form.
 */
export function answerRefusal(response: PageResponse, refusal: Refusal): string {
  response.status = refusal.status;
  if (refusal.retryAfterSeconds !== undefined) {
    response.headers.set('Retry-After', String(refusal.retryAfterSeconds));
  }
  return refusal.message;
}
