-- Shared by every wrk run of the benchmark: prints one JSON line that bench/lib.ts reads.
-- Status counts come from response(), so wrk reads every answer's status line.
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

statuses = {}
ids = {}

function record(status, body)
  statuses[status] = (statuses[status] or 0) + 1
  if collect_ids and status == 201 then
    local id = body:match('"id":(%d+)')
    if id then ids[#ids + 1] = tonumber(id) end
  end
end

function response(status, headers, body)
  record(status, body)
end

function done(summary, latency, requests)
  local counts = {}
  local all_ids = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      counts[tostring(status)] = (counts[tostring(status)] or 0) + count
    end
    for _, id in ipairs(thread:get("ids") or {}) do all_ids[#all_ids + 1] = id end
  end
  local parts = {}
  for status, count in pairs(counts) do parts[#parts + 1] = string.format('"%s":%d', status, count) end
  io.write(string.format(
    'WRK_JSON {"requests":%d,"seconds":%.6f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statuses":{%s},"ids":[%s]}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, table.concat(parts, ","), table.concat(all_ids, ",")))
end
