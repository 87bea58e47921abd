-- Replaces one request's reservation by its real usage in every scope that still holds it, and records the usage in
-- the ledger of the user and the team charged, once per request id. (common.lua is put in front of this script.)
--
-- KEYS[1] request ids settled or released in the last two days (sorted set by time): settling is idempotent
-- KEYS[2] the ledger (hash: "<day>|r|p|c", "<day>|<model>|r|p|c" -> requests, prompt, completion tokens)
-- KEYS[3] recent events (list, newest first)
-- KEYS[4..3+n] the scopes' hashes, KEYS[4+n..3+2n] their requests in flight
-- ARGV: now_ms ("" = Redis TIME), request id, prompt tokens, completion tokens, event (the ledger's text of it),
--       recent events kept, ledger days kept, reserved tokens, admitted_ms, day, model, journaled (1|0)
--       journaled: usage written to disk while Redis was away. A scope that never held the request (a gateway
--       admitted it on its own) then counts it at its admission time, as if admitted then.
-- A scope that no longer holds the request (the user was reset since) is left alone; the ledger records it all
-- the same: it is the record of what was used.
-- Returns {'settled', 1, 'new_ledger', 0|1} when this call settled the request ('new_ledger' 1: the ledger did not
-- exist before it, so the list of ledgers, a key in another hash slot, may not name it yet), {'settled', 0,
-- 'new_ledger', 0} when it had been settled or released.

local now = clock(ARGV[1])
local id = ARGV[2]
local prompt, completion = tonumber(ARGV[3]), tonumber(ARGV[4])
local keep_events, keep_days = tonumber(ARGV[6]), tonumber(ARGV[7])
local reserved, admitted, day = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local model, journaled = ARGV[11], ARGV[12] == '1'
local n = (#KEYS - 3) / 2

if redis.call('ZSCORE', KEYS[1], id) then
  return {'settled', 0, 'new_ledger', 0}
end

local used = prompt + completion
for i = 1, n do
  local scope, flights = KEYS[3 + i], KEYS[3 + n + i]
  if redis.call('HDEL', flights, id) == 1 then
    correct(scope, now, admitted, day, 0, used - reserved)
  elseif journaled then
    count(scope, now, admitted, day, used)
  end
end

local new_ledger = redis.call('EXISTS', KEYS[2]) == 0
-- A new day's first entry also drops the days past the kept history.
if redis.call('HINCRBY', KEYS[2], day .. '|r', 1) == 1 then
  local oldest = day - keep_days
  local gone = {}
  for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
    if tonumber(string.match(field, '^(%d+)|')) < oldest then gone[#gone + 1] = field end
  end
  if #gone > 0 then redis.call('HDEL', KEYS[2], unpack(gone)) end
end
redis.call('HINCRBY', KEYS[2], day .. '|p', prompt)
redis.call('HINCRBY', KEYS[2], day .. '|c', completion)
redis.call('HINCRBY', KEYS[2], day .. '|' .. model .. '|r', 1)
redis.call('HINCRBY', KEYS[2], day .. '|' .. model .. '|p', prompt)
redis.call('HINCRBY', KEYS[2], day .. '|' .. model .. '|c', completion)
redis.call('PEXPIRE', KEYS[2], (keep_days + 1) * DAY_MS)
redis.call('LPUSH', KEYS[3], ARGV[5])
redis.call('LTRIM', KEYS[3], 0, keep_events - 1)
redis.call('PEXPIRE', KEYS[3], (keep_days + 1) * DAY_MS)
mark_settled(KEYS[1], id, now)
return {'settled', 1, 'new_ledger', new_ledger and 1 or 0}
