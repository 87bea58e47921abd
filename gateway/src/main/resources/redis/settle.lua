-- Replaces one request's reservation by its real usage and records it in the user's ledger, once per request id.
-- (common.lua is put in front of this script.)
--
-- KEYS[1] tokens per second bucket, KEYS[2] tokens per minute bucket, KEYS[3] the quota days,
-- KEYS[4] requests in flight, KEYS[5] the ledger (hash: "<day>:r|p|c" -> requests, prompt, completion tokens),
-- KEYS[6] recent events (list, newest first), KEYS[7] requests per second bucket,
-- KEYS[8] request ids settled in the last two days (sorted set by time), which makes settling idempotent
-- ARGV: now_ms ("" = Redis TIME), request id, prompt tokens, completion tokens, event (the ledger's text of it),
--       recent events kept, ledger days kept; for usage journaled while Redis was away, also admitted_ms and day:
--       a journaled request Redis never admitted (a gateway admitted it on its own) is then added to the windows
--       at its admission time, as if admitted then.
-- Returns {'settled', 1} when this call settled the request, {'settled', 0} when it had been settled (or reset).

local now = clock(ARGV[1])
local id = ARGV[2]
local prompt, completion = tonumber(ARGV[3]), tonumber(ARGV[4])
local keep_events, keep_days = tonumber(ARGV[6]), tonumber(ARGV[7])
local journaled_admitted, journaled_day = tonumber(ARGV[8]), tonumber(ARGV[9])

if redis.call('ZSCORE', KEYS[8], id) then
  return {'settled', 0}
end
local reserved, admitted, day = take_flight(KEYS[4], id)
if not reserved then
  if not journaled_admitted then
    return {'settled', 0}
  end
  reserved, admitted, day = 0, journaled_admitted, journaled_day
  redis.call('HINCRBY', KEYS[7], math.floor(admitted / 1000), 1)
  redis.call('HINCRBY', KEYS[1], math.floor(admitted / 1000), 0)
  redis.call('HINCRBY', KEYS[2], math.floor(admitted / 60000), 0)
  redis.call('HINCRBY', KEYS[3], day, 0)
  redis.call('HINCRBY', KEYS[3], day .. ':r', 1)
  redis.call('PEXPIRE', KEYS[7], 120000)
  redis.call('PEXPIRE', KEYS[1], 120000)
  redis.call('PEXPIRE', KEYS[2], 7260000)
  redis.call('PEXPIRE', KEYS[3], 172800000)
end

-- The reservation went into the buckets of its admission; correct those while they are still in their window.
local delta = prompt + completion - reserved
adjust(KEYS[1], math.floor(admitted / 1000), math.floor(now / 1000) - 60, delta)
adjust(KEYS[2], math.floor(admitted / 60000), math.floor(now / 60000) - 60, delta)
adjust(KEYS[3], day, day, delta)

redis.call('HINCRBY', KEYS[5], day .. ':r', 1)
redis.call('HINCRBY', KEYS[5], day .. ':p', prompt)
redis.call('HINCRBY', KEYS[5], day .. ':c', completion)
local gone = day - keep_days
redis.call('HDEL', KEYS[5], gone .. ':r', gone .. ':p', gone .. ':c')
redis.call('LPUSH', KEYS[6], ARGV[5])
redis.call('LTRIM', KEYS[6], 0, keep_events - 1)
mark_settled(KEYS[8], id, now)
return {'settled', 1}
