-- Forgets an admitted request that was refused after all (the backend refused it or never answered): it leaves
-- the request counts and the token windows as if never admitted, and the ledger records nothing. Once per id.
-- (common.lua is put in front of this script.)
--
-- KEYS[1] tokens per second bucket, KEYS[2] tokens per minute bucket, KEYS[3] the quota days,
-- KEYS[4] requests in flight, KEYS[5] requests per second bucket, KEYS[6] request ids settled in the last two days
-- ARGV: now_ms ("" = Redis TIME), request id
-- Returns {'released', 1} when this call released the request, {'released', 0} when it had been settled already.

local now = clock(ARGV[1])
local id = ARGV[2]

if redis.call('ZSCORE', KEYS[6], id) then
  return {'released', 0}
end
local reserved, admitted, day = take_flight(KEYS[4], id)
if not reserved then
  return {'released', 0}
end
adjust(KEYS[1], math.floor(admitted / 1000), math.floor(now / 1000) - 60, -reserved)
adjust(KEYS[2], math.floor(admitted / 60000), math.floor(now / 60000) - 60, -reserved)
adjust(KEYS[3], day, day, -reserved)
adjust(KEYS[5], math.floor(admitted / 1000), math.floor(now / 1000) - 60, -1)
local left = redis.call('HINCRBY', KEYS[3], day .. ':r', -1)
if left < 0 then redis.call('HSET', KEYS[3], day .. ':r', 0) end
mark_settled(KEYS[6], id, now)
return {'released', 1}
