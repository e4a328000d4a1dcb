/**
 * Seeds a fresh DATA_DIR for the benchmark before the server starts: reader accounts with one
 * session each, and a thread of `comments` comments on one story, `replyShare` of them replies,
 * spread over the last two days. Prints JSON: the session tokens, usernames and the password.
 *
 *   node bench/seed.ts <dataDir> <story-slug> <accounts> <comments> <replyShare>
 */
import { postComment } from '../src/server/comments/store.ts';
import { openDatabase } from '../src/server/db/open.ts';
import { createSession } from '../src/server/accounts/session.ts';
import { signUp } from '../src/server/accounts/user.ts';

export interface Seeded {
  password: string;
  usernames: string[];
  tokens: string[];
  commentIds: number[];
}

const PASSWORD = 'bench-password-7f3kq9';
const TWO_DAYS = 2 * 24 * 60 * 60;

const [dataDir, slug, accountsArg, commentsArg, replyShareArg] = process.argv.slice(2);
if (dataDir === undefined || slug === undefined) {
  console.error('usage: node bench/seed.ts <dataDir> <story-slug> <accounts> <comments> <replyShare>');
  process.exit(2);
}
const accounts = Number(accountsArg ?? 50);
const commentCount = Number(commentsArg ?? 200);
const replyShare = Number(replyShareArg ?? 0.2);

const db = await openDatabase({ dataDir });
const now = Math.floor(Date.now() / 1000);
const seeded: Seeded = { password: PASSWORD, usernames: [], tokens: [], commentIds: [] };

const users = await Promise.all(
  Array.from({ length: accounts }, async (_, index) => {
    const username = `bench${String(index + 1).padStart(3, '0')}`;
    const result = await signUp(db, { username, password: PASSWORD, email: null }, now - TWO_DAYS - 60);
    if (!result.ok) throw new Error(`signUp ${username}: ${result.message}`);
    return result.user;
  }),
);
for (const user of users) {
  const { token } = await createSession(db, user.id, now);
  seeded.usernames.push(user.username);
  seeded.tokens.push(token);
}

// Every fifth comment (replyShare 0.2) answers an earlier one, so the thread nests like a real one.
const replyEvery = replyShare > 0 ? Math.round(1 / replyShare) : 0;
for (let index = 0; index < commentCount; index += 1) {
  const isReply = replyEvery > 0 && index > 0 && index % replyEvery === replyEvery - 1;
  const parentId = isReply ? seeded.commentIds[Math.floor((index * 7919) % seeded.commentIds.length)]! : null;
  const createdAt = now - TWO_DAYS + Math.floor((index * TWO_DAYS) / commentCount);
  const body =
    `Comment ${index + 1} from the benchmark. The regulator's figures do not add up: ` +
    `see https://example.com/report/${index} for the numbers, and compare them with last year's.\n\n` +
    'A second paragraph, so the renderer has more than one to write.';
  const result = await postComment(
    db,
    { storySlug: slug, parentId, authorId: users[index % users.length]!.id, body },
    createdAt,
  );
  if (!result.ok) throw new Error(`postComment ${index}: ${result.reason}`);
  seeded.commentIds.push(result.comment.id);
}
await db.close();
console.log(JSON.stringify(seeded));
