-- Takes one of a model's slots for a request, if one is free and no higher class waits for it at another
-- replica. (common.lua is put in front of this script.) Every replica shares these keys, so together they never
-- send the model more than its capacity.
--
-- KEYS[1] the slots held (hash: lease id -> "expiresMs tokens")
-- KEYS[2] what each replica waits with (hash: replica id -> "bestLane expiresMs")
-- ARGV: now_ms ("" = Redis TIME), lease id, tokens, lane, replica id, most requests, most tokens (0: no such
--       limit), lease ms
-- Returns {'taken', 1|0, 'running', n}

local now = clock(ARGV[1])
local lease, tokens, lane, replica = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local most_requests, most_tokens, lease_ms = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])

local held = redis.call('HGETALL', KEYS[1])
local running, tokens_held, expired = 0, 0, {}
for i = 1, #held, 2 do
  local expires, held_tokens = string.match(held[i + 1], '^(%d+) (%d+)$')
  if tonumber(expires) < now then
    expired[#expired + 1] = held[i]
  elseif held[i] == lease then
    return {'taken', 1, 'running', #held / 2 - #expired}
  else
    running = running + 1
    tokens_held = tokens_held + tonumber(held_tokens)
  end
end
if #expired > 0 then redis.call('HDEL', KEYS[1], unpack(expired)) end

local free = running < most_requests and (most_tokens == 0 or running == 0 or tokens_held + tokens <= most_tokens)
if free then
  local wanted = redis.call('HGETALL', KEYS[2])
  for i = 1, #wanted, 2 do
    local best, expires = string.match(wanted[i + 1], '^(%d+) (%d+)$')
    if wanted[i] ~= replica and tonumber(expires) >= now and tonumber(best) < lane then
      free = false -- a higher class waits elsewhere: the slot is theirs
    end
  end
end
if not free then
  return {'taken', 0, 'running', running}
end
redis.call('HSET', KEYS[1], lease, (now + lease_ms) .. ' ' .. tokens)
redis.call('PEXPIRE', KEYS[1], lease_ms * 2)
return {'taken', 1, 'running', running + 1}
