-- Renews the leases a replica holds, so a long request keeps its slot while a crashed replica's slots free
-- themselves, and says which class waits at this replica. (common.lua is put in front of this script.)
--
-- KEYS[1] the slots held (hash: lease id -> "expiresMs tokens")
-- KEYS[2] what each replica waits with (hash: replica id -> "bestLane expiresMs")
-- ARGV: now_ms ("" = Redis TIME), lease ms, replica id, best lane waiting here (-1: none), how long that holds
--       (ms), lease ids…
-- Returns {'renewed', n}

local now = clock(ARGV[1])
local lease_ms, replica, best, wanted_ms = tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local renewed = 0
for i = 6, #ARGV do
  local held = redis.call('HGET', KEYS[1], ARGV[i])
  if held then
    local tokens = string.match(held, ' (%d+)$')
    redis.call('HSET', KEYS[1], ARGV[i], (now + lease_ms) .. ' ' .. tokens)
    renewed = renewed + 1
  end
end
if renewed > 0 then redis.call('PEXPIRE', KEYS[1], lease_ms * 2) end
if best >= 0 then
  redis.call('HSET', KEYS[2], replica, best .. ' ' .. (now + wanted_ms))
  redis.call('PEXPIRE', KEYS[2], wanted_ms * 2)
else
  redis.call('HDEL', KEYS[2], replica)
end
return {'renewed', renewed}
