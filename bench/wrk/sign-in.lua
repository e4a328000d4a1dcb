-- POST the sign-in form as the accounts in BENCH_USERNAMES, one after another (303 on success).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local usernames = {}
for name in string.gmatch(os.getenv("BENCH_USERNAMES"), "[^,]+") do usernames[#usernames + 1] = name end
local password = os.getenv("BENCH_PASSWORD")
local origin = os.getenv("BENCH_ORIGIN")
local counter = 0

function request()
  counter = counter + 1
  local body = "return_to=%2F&username=" .. usernames[((counter * 2 + id) % #usernames) + 1] .. "&password=" .. password
  return wrk.format("POST", "/login/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
  }, body)
end
