/**
 * Seeds a fresh DATA_DIR for the benchmark before the server starts: reader accounts with one
 * session each, and a thread of `comments` comments on one story, `replyShare` of them replies,
 * spread over the last two days. Prints JSON: the session tokens, usernames and the password.
 * With a second story and a count, that story gets a large thread too (issue 14), stored in one
 * transaction: the comment at index i is by account i % accounts, every fifth a reply.
 *
 *   node bench/seed.ts <dataDir> <story-slug> <accounts> <comments> <replyShare> [<large-story> <count>]
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
  /** The large thread's first comment number and count; its numbers follow on without gaps. */
  large: { story: string; firstId: number; count: number } | null;
}

const PASSWORD = 'bench-password-7f3kq9';
const TWO_DAYS = 2 * 24 * 60 * 60;

const [dataDir, slug, accountsArg, commentsArg, replyShareArg, largeStory, largeArg] = process.argv.slice(2);
if (dataDir === undefined || slug === undefined) {
  console.error('usage: node bench/seed.ts <dataDir> <story-slug> <accounts> <comments> <replyShare>');
  process.exit(2);
}
const accounts = Number(accountsArg ?? 50);
const commentCount = Number(commentsArg ?? 200);
const replyShare = Number(replyShareArg ?? 0.2);

const db = await openDatabase({ dataDir });
const now = Math.floor(Date.now() / 1000);
const seeded: Seeded = { password: PASSWORD, usernames: [], tokens: [], commentIds: [], large: null };

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
if (largeStory !== undefined) {
  const count = Number(largeArg ?? 10_000);
  seeded.large = await db.transaction(async (tx) => {
    let firstId = 0;
    for (let index = 0; index < count; index += 1) {
      const parentId = index % 5 === 4 ? firstId + index - 1 - (index % 3) : null;
      const row = await tx.get<{ id: number | bigint }>(
        `INSERT INTO comments (story_slug, parent_id, author_id, body, status, depth, created_at)
         VALUES (?, ?, ?, ?, 'visible', ?, ?) RETURNING id`,
        [
          largeStory,
          parentId,
          users[index % users.length]!.id,
          `Comment ${index + 1} on the long thread. Readers keep coming back to the same three questions.`,
          parentId === null ? 0 : 1,
          now - TWO_DAYS + Math.floor((index * TWO_DAYS) / count),
        ],
      );
      if (index === 0) firstId = Number(row!.id);
    }
    return { story: largeStory, firstId, count };
  });
}
await db.close();
console.log(JSON.stringify(seeded));
