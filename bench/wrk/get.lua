-- GET the URL wrk was given; BENCH_COOKIES (session tokens, comma-separated) signs the requests
-- in, one account after another; BENCH_ACCEPT_ENCODING is sent as Accept-Encoding when set.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local cookies = {}
for token in string.gmatch(os.getenv("BENCH_COOKIES") or "", "[^,]+") do cookies[#cookies + 1] = token end
local encoding = os.getenv("BENCH_ACCEPT_ENCODING")
local counter = 0

function request()
  local headers = {}
  if encoding and encoding ~= "" then headers["Accept-Encoding"] = encoding end
  if #cookies > 0 then
    counter = counter + 1
    headers["Cookie"] = "session=" .. cookies[(counter % #cookies) + 1]
  end
  return wrk.format("GET", nil, headers)
end
