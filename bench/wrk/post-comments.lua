-- POST /api/comments as the accounts in BENCH_COOKIES, one after another: JSON bodies that
-- differ by thread and counter, with the Origin the server checks. Ids of 201s are collected.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
collect_ids = true

local cookies = {}
for token in string.gmatch(os.getenv("BENCH_COOKIES"), "[^,]+") do cookies[#cookies + 1] = token end
local story = os.getenv("BENCH_STORY")
local origin = os.getenv("BENCH_ORIGIN")
local nonce = os.getenv("BENCH_NONCE") or "0"
local counter = 0

function request()
  counter = counter + 1
  local body = string.format(
    '{"story":"%s","body":"Benchmark comment %s-%d-%d: the figures in paragraph four do not match the ones the ministry published last spring."}',
    story, nonce, id, counter)
  return wrk.format("POST", "/api/comments", {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = "session=" .. cookies[((counter * 2 + id) % #cookies) + 1],
  }, body)
end
