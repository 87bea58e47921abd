-- Replaces one request's reservation by its real usage and records it in the user's ledger, once per request id.
-- Every key belongs to one user and carries the user's hash tag.
--
-- KEYS[1] tokens per second bucket, KEYS[2] tokens per minute bucket, KEYS[3] the quota days,
-- KEYS[4] requests in flight, KEYS[5] the ledger (hash: "<day>:r|p|c" -> requests, prompt, completion tokens),
-- KEYS[6] recent events (list, newest first), KEYS[7] requests per second bucket,
-- KEYS[8] request ids settled in the last two days (sorted set by time), which makes settling idempotent
-- ARGV: now_ms ("" = Redis TIME), request id, prompt tokens, completion tokens, event (the ledger's text of it),
--       recent events kept, ledger days kept, mode ("0" settle; "1" replay usage journaled while Redis was away;
--       "2" release: the request was refused after all and counts as never admitted), and for a replay:
--       admitted_ms, day
-- A replayed request that Redis never admitted (it was admitted by a gateway on its own) is added to the windows
-- at its admission time, as if admitted then.
-- Returns {1} when this call settled the request, {0} when it had been settled (or reset) already.

-- The clock: Redis TIME, unless the caller passes one (tests). Scripts cannot share code, so both say this.
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local id = ARGV[2]
local prompt, completion = tonumber(ARGV[3]), tonumber(ARGV[4])
local keep_events, keep_days, replay, release = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8] == '1', ARGV[8] == '2'

if redis.call('ZSCORE', KEYS[8], id) then
  return {0}
end
local reserved, admitted, day
local flight = redis.call('HGET', KEYS[4], id)
if flight then
  redis.call('HDEL', KEYS[4], id)
  reserved, admitted, day = string.match(flight, '^(%d+) (%d+) (%d+)')
  reserved, admitted, day = tonumber(reserved), tonumber(admitted), tonumber(day)
elseif replay and not release then
  reserved, admitted, day = 0, tonumber(ARGV[9]), tonumber(ARGV[10])
  redis.call('HINCRBY', KEYS[7], math.floor(admitted / 1000), 1)
  redis.call('HINCRBY', KEYS[1], math.floor(admitted / 1000), 0)
  redis.call('HINCRBY', KEYS[2], math.floor(admitted / 60000), 0)
  redis.call('HINCRBY', KEYS[3], day, 0)
  redis.call('HINCRBY', KEYS[3], day .. ':r', 1)
  redis.call('PEXPIRE', KEYS[7], 120000)
  redis.call('PEXPIRE', KEYS[1], 120000)
  redis.call('PEXPIRE', KEYS[2], 7260000)
  redis.call('PEXPIRE', KEYS[3], 172800000)
else
  return {0}
end
local delta = prompt + completion - reserved

-- The reservation went into the buckets of its admission; correct those while they are still in their window.
local function adjust(key, field, oldest)
  if field >= oldest and redis.call('HEXISTS', KEYS[key], field) == 1 then
    local left = redis.call('HINCRBY', KEYS[key], field, delta)
    if left < 0 then redis.call('HSET', KEYS[key], field, 0) end
  end
end
adjust(1, math.floor(admitted / 1000), math.floor(now / 1000) - 60)
adjust(2, math.floor(admitted / 60000), math.floor(now / 60000) - 60)
adjust(3, day, day)

local function mark_settled()
  redis.call('ZADD', KEYS[8], now, id)
  redis.call('ZREMRANGEBYSCORE', KEYS[8], '-inf', now - 172800000)
  redis.call('PEXPIRE', KEYS[8], 172800000)
end

if release then
  -- Never admitted after all: the request leaves the request counts too, and the ledger records nothing.
  delta = -1
  adjust(7, math.floor(admitted / 1000), math.floor(now / 1000) - 60)
  local left = redis.call('HINCRBY', KEYS[3], day .. ':r', -1)
  if left < 0 then redis.call('HSET', KEYS[3], day .. ':r', 0) end
  mark_settled()
  return {1}
end

redis.call('HINCRBY', KEYS[5], day .. ':r', 1)
redis.call('HINCRBY', KEYS[5], day .. ':p', prompt)
redis.call('HINCRBY', KEYS[5], day .. ':c', completion)
local gone = day - keep_days
redis.call('HDEL', KEYS[5], gone .. ':r', gone .. ':p', gone .. ':c')
redis.call('LPUSH', KEYS[6], ARGV[5])
redis.call('LTRIM', KEYS[6], 0, keep_events - 1)
mark_settled()
return {1}
