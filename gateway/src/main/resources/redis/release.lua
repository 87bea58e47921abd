-- Forgets an admitted request that was refused after all (the backend refused it or never answered): every scope
-- that holds it counts it as never admitted, and the ledger records nothing. Once per request id.
-- (common.lua is put in front of this script.)
--
-- KEYS[1] request ids settled or released in the last two days, KEYS[2..1+n] the scopes' hashes,
-- KEYS[2+n..1+2n] their requests in flight
-- ARGV: now_ms ("" = Redis TIME), request id, reserved tokens, admitted_ms, day
-- Returns {'released', 1} when this call released the request, {'released', 0} when it had been settled already.

local now = clock(ARGV[1])
local id = ARGV[2]
local reserved, admitted, day = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local n = (#KEYS - 1) / 2

if redis.call('ZSCORE', KEYS[1], id) then
  return {'released', 0}
end
for i = 1, n do
  if redis.call('HDEL', KEYS[1 + n + i], id) == 1 then
    correct(KEYS[1 + i], now, admitted, day, -1, -reserved)
  end
end
mark_settled(KEYS[1], id, now)
return {'released', 1}
