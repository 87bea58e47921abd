-- wrk script for scripts/bench-gateway.sh: POSTs the same Korean chat completion to a simulator or a gateway.
--
--   BENCH_BODY    path of the JSON body (scripts/bench/chat-request.json)
--   BENCH_STREAM  1: add "stream": true to the body
--   BENCH_KEYS    comma-separated API keys; each request takes the next one ("Authorization: Bearer ..."), each
--                 thread starting elsewhere so connections spread over the users; empty: no Authorization (direct)
--   BENCH_PATH    request path (/v1/chat/completions)
--
-- Every request is built once in init(); request() only hands out the next prebuilt string, so wrk spends the same
-- on the direct and on the gateway run. done() prints one machine-readable line:
--   RESULT requests=N duration_us=N rps=F p50_us=N p90_us=N p99_us=N max_us=N mean_us=F non2xx=N socket_errors=N
-- non2xx counts HTTP statuses >= 400 (wrk's errors.status; 1xx/3xx do not occur here), socket_errors the
-- connect/read/write/timeout errors.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local requests = {}
local next_index = 1

function init(args)
  local path = os.getenv("BENCH_BODY") or error("BENCH_BODY is not set")
  local file = assert(io.open(path, "rb"))
  local body = file:read("*a")
  file:close()
  if os.getenv("BENCH_STREAM") == "1" then
    local replaced
    body, replaced = body:gsub("^%s*{", '{"stream": true,', 1)
    assert(replaced == 1, "the body is not a JSON object")
  end
  local target = os.getenv("BENCH_PATH") or "/v1/chat/completions"
  local keys = {}
  for key in string.gmatch(os.getenv("BENCH_KEYS") or "", "[^,%s]+") do
    table.insert(keys, key)
  end
  if #keys == 0 then
    keys = { false }
  end
  for _, key in ipairs(keys) do
    local headers = { ["Content-Type"] = "application/json", ["Accept"] = "*/*" }
    if key then
      headers["Authorization"] = "Bearer " .. key
    end
    table.insert(requests, wrk.format("POST", target, headers, body))
  end
  next_index = ((id or 1) - 1) % #requests + 1
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function done(summary, latency, requests_)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.2f p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.1f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.status, e.connect + e.read + e.write + e.timeout))
end
