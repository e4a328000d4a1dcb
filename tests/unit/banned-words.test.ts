import assert from 'node:assert/strict';
import test from 'node:test';
import {
  defaultBannedWordsFile,
  findBannedWords,
  loadBannedWords,
  parseBannedWords,
} from '../../src/server/abuse/banned-words.ts';

const list = parseBannedWords(`
# spam
Casino Bonus
scam

scam
c++ deals
`);

test('the list skips comments and blank lines and keeps each phrase once, in lower case', () => {
  assert.deepEqual(list.phrases, ['casino bonus', 'scam', 'c++ deals']);
});

test('a listed word is found whatever its case', () => {
  assert.deepEqual(findBannedWords(list, 'What a SCAM.'), ['scam']);
  assert.deepEqual(findBannedWords(list, 'ｓｃａｍ in full-width letters'), ['scam']);
});

test('only whole words match, in any script', () => {
  assert.deepEqual(findBannedWords(list, 'scampi and scams are fine, so is _scam'), []);
  assert.deepEqual(findBannedWords(list, 'scamé is a different word'), []);
  assert.deepEqual(findBannedWords(list, '(scam)'), ['scam']);
});

test('a phrase matches across any whitespace, and its punctuation is taken literally', () => {
  assert.deepEqual(findBannedWords(list, 'the casino\n  bonus is here'), ['casino bonus']);
  assert.deepEqual(findBannedWords(list, 'casino or bonus'), []);
  assert.deepEqual(findBannedWords(list, 'great c++ deals, and scam'), ['scam', 'c++ deals']);
  assert.deepEqual(findBannedWords(list, 'c deals'), []);
});

test('an empty list finds nothing', () => {
  const empty = parseBannedWords('# nothing yet\n\n');
  assert.equal(empty.pattern, null);
  assert.deepEqual(findBannedWords(empty, 'anything at all'), []);
});

test('the default list loads from its file', () => {
  const defaults = loadBannedWords(defaultBannedWordsFile);
  assert.ok(defaults.phrases.includes('viagra'));
  assert.deepEqual(findBannedWords(defaults, 'Cheap Viagra here'), ['viagra']);
  assert.throws(() => loadBannedWords('/no/such/list.txt'), /ENOENT/);
});
