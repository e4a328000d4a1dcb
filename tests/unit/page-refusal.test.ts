import assert from 'node:assert/strict';
import test from 'node:test';
import { answerRefusal, type PageResponse } from '../../src/server/actions/page-refusal.ts';

function pageResponse(): PageResponse {
  return { status: 200, headers: new Headers() };
}

test('a refusal sets its status and gives back its message, without Retry-After', () => {
  const response = pageResponse();
  const message = answerRefusal(response, { status: 400, message: 'Enter your username.' });
  assert.equal(message, 'Enter your username.');
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('Retry-After'), null);
});

test('a refusal by a limit also says when to try again', () => {
  const response = pageResponse();
  const message = answerRefusal(response, { status: 429, message: 'Too many tries.', retryAfterSeconds: 90 });
  assert.equal(message, 'Too many tries.');
  assert.equal(response.status, 429);
  assert.equal(response.headers.get('Retry-After'), '90');
});

test('a body the page could not read is answered with its own status', () => {
  const response = pageResponse();
  answerRefusal(response, { status: 413, message: 'Forms are limited to 64 KB.', retryAfterSeconds: undefined });
  assert.equal(response.status, 413);
  assert.equal(response.headers.has('Retry-After'), false);
});
