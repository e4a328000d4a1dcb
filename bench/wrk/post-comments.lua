-- POST /api/comments as the accounts in BENCH_COOKIES, one after another: JSON bodies that
-- differ by thread and counter, with the Origin the server checks. Ids of 201s are collected.
-- With BENCH_PARENTS (comment i being account i's), each is a reply to the next account's comment.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
collect_ids = true

local cookies = {}
for token in string.gmatch(os.getenv("BENCH_COOKIES"), "[^,]+") do cookies[#cookies + 1] = token end
local parents = {}
for parent in string.gmatch(os.getenv("BENCH_PARENTS") or "", "[^,]+") do parents[#parents + 1] = parent end
local story = os.getenv("BENCH_STORY")
local origin = os.getenv("BENCH_ORIGIN")
local nonce = os.getenv("BENCH_NONCE") or "0"
local counter = 0

function request()
  counter = counter + 1
  local author = (counter * 2 + id) % #cookies
  local reply = ""
  if #parents > 0 then reply = string.format(',"parentId":%s', parents[((author + 1) % #parents) + 1]) end
  local body = string.format(
    '{"story":"%s"%s,"body":"Benchmark comment %s-%d-%d: the figures in paragraph four do not match the ones the ministry published last spring."}',
    story, reply, nonce, id, counter)
  return wrk.format("POST", "/api/comments", {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = "session=" .. cookies[author + 1],
  }, body)
end
