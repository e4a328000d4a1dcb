-- POST /api/comments as the accounts in BENCH_COOKIES, each a reply to BENCH_PARENTS' comment of
-- the next account (parent i is account i's), so every reply is someone else's and emails them.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
collect_ids = true

local cookies = {}
for token in string.gmatch(os.getenv("BENCH_COOKIES"), "[^,]+") do cookies[#cookies + 1] = token end
local parents = {}
for parent in string.gmatch(os.getenv("BENCH_PARENTS"), "[^,]+") do parents[#parents + 1] = parent end
local story = os.getenv("BENCH_STORY")
local origin = os.getenv("BENCH_ORIGIN")
local nonce = os.getenv("BENCH_NONCE") or "0"
local counter = 0

function request()
  counter = counter + 1
  local author = (counter * 2 + id) % #cookies
  local body = string.format(
    '{"story":"%s","parentId":%s,"body":"Benchmark reply %s-%d-%d: the second table counts the same households twice."}',
    story, parents[((author + 1) % #parents) + 1], nonce, id, counter)
  return wrk.format("POST", "/api/comments", {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = "session=" .. cookies[author + 1],
  }, body)
end
