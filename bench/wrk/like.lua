-- POST /api/comments/<id>/like {"liked":true}, each request a different (account, comment) pair
-- of the large thread, never the comment's own author, so every 200 is one new stored like.
-- The comment at offset c is by account c % #cookies (bench/seed.ts); BENCH_NONCE (0, 1, 2...) keeps
-- runs of up to 100,000 requests apart.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local cookies = {}
for token in string.gmatch(os.getenv("BENCH_COOKIES"), "[^,]+") do cookies[#cookies + 1] = token end
local first = tonumber(os.getenv("BENCH_FIRST_ID"))
local count = tonumber(os.getenv("BENCH_COUNT"))
local origin = os.getenv("BENCH_ORIGIN")
local base = tonumber(os.getenv("BENCH_NONCE") or "0") * 100000
local others = #cookies - 1
local counter = 0

function request()
  local k = base + counter * 2 + (id - 1) -- wrk runs two threads (-t2)
  counter = counter + 1
  local c = math.floor(k / others) % count
  local reader = (c + 1 + (k % others)) % #cookies
  return wrk.format("POST", "/api/comments/" .. (first + c) .. "/like", {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
    ["Cookie"] = "session=" .. cookies[reader + 1],
  }, '{"liked":true}')
end
