/**
 * What comment rendering costs on bodies built to make it slow, against an ordinary body of the
 * same length (issue 11.5). A ratio, not a time, so a loaded machine moves both sides alike; each
 * side is the median of several runs.
 */
import { renderCommentText } from '../../src/server/comments/text.ts';

export const BODY_LENGTH = 60_000;

/** Prose with an address in most sentences, as a talkative commenter writes. */
export function ordinaryBody(): string {
  const sentence =
    'Read https://example.com/2026/budget-vote (and the reply at www.example.org/letters), then decide. ';
  return sentence.repeat(Math.ceil(BODY_LENGTH / sentence.length)).slice(0, BODY_LENGTH);
}

/** Addresses followed by thousands of brackets and punctuation, each of which the old rule recounted. */
export function adversarialBodies(): Record<string, string> {
  const lines = (line: string): string =>
    Array.from({ length: Math.ceil(BODY_LENGTH / (line.length + 1)) }, () => line)
      .join('\n')
      .slice(0, BODY_LENGTH);
  return {
    'closing parentheses': lines(`http://a${')'.repeat(4990)}`),
    'closing brackets and parentheses': lines(`https://a${'])'.repeat(2495)}`),
    'punctuation and brackets': lines(`www.a${').,]!?'.repeat(830)}`),
    'one long address': `http://a${')'.repeat(BODY_LENGTH - 8)}`,
  };
}

function milliseconds(body: string): number {
  const start = performance.now();
  renderCommentText(body);
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export interface RenderingCost {
  name: string;
  milliseconds: number;
  ratio: number;
}

/**
 * Each adversarial body's median time over the ordinary body's, timed in turns so that a burst of
 * load falls on both alike, after five untimed runs of every shape so that the JIT has seen each
 * path. A body slower than `slowMilliseconds` on its first run is timed only three times, so a
 * quadratic renderer fails in seconds, not minutes.
 */
export function renderingCosts(rounds = 21, slowMilliseconds = 250): { ordinary: number; costs: RenderingCost[] } {
  const plain = ordinaryBody();
  const bodies = Object.entries(adversarialBodies()).map(([name, body]) => {
    const first = milliseconds(body);
    const slow = first > slowMilliseconds;
    return { name, body, slow, times: slow ? [first] : [] };
  });
  for (let round = 0; round < 5; round += 1) {
    milliseconds(plain);
    for (const each of bodies) if (!each.slow) milliseconds(each.body);
  }
  const plainTimes: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    plainTimes.push(milliseconds(plain));
    for (const each of bodies) if (!each.slow || each.times.length < 3) each.times.push(milliseconds(each.body));
  }
  const ordinary = Math.max(median(plainTimes), 0.01);
  const costs = bodies.map(({ name, times }) => {
    const typical = median(times);
    return { name, milliseconds: typical, ratio: typical / ordinary };
  });
  return { ordinary, costs };
}

/**
 * The costliest adversarial body against `limit`. A miss by less than ten times the limit is
 * measured again, up to three times in all, since load on a shared machine can double one
 * measurement; a quadratic renderer is hundreds of times slower and fails on the first.
 */
export function worstRenderingCost(limit: number): { ordinary: number; worst: RenderingCost; attempts: number } {
  for (let attempt = 1; ; attempt += 1) {
    const { ordinary, costs } = renderingCosts();
    const worst = costs.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    if (worst.ratio < limit || worst.ratio >= 10 * limit || attempt === 3)
      return { ordinary, worst, attempts: attempt };
  }
}
