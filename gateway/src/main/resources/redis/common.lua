-- Shared by every script: RedisScripts puts this in front of each one when it loads them (a script cannot call
-- another). Every key a script touches belongs to one user and carries the user's hash tag.

-- The clock: Redis TIME, unless the caller passes one (tests).
local function clock(given)
  local now = tonumber(given)
  if not now then
    local t = redis.call('TIME')
    now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return now
end

-- A request in flight: "reserved admittedMs day expiresMs" under its id. Removes it and returns reserved,
-- admitted, day; nil when there is none (settled, released, reset, or its lease ran out).
local function take_flight(key, id)
  local flight = redis.call('HGET', key, id)
  if not flight then return nil end
  redis.call('HDEL', key, id)
  local reserved, admitted, day = string.match(flight, '^(%d+) (%d+) (%d+)')
  return tonumber(reserved), tonumber(admitted), tonumber(day)
end

-- Adds delta to a window bucket (or a day) while it still counts; never below 0.
local function adjust(key, field, oldest, delta)
  if field >= oldest and redis.call('HEXISTS', key, field) == 1 then
    local left = redis.call('HINCRBY', key, field, delta)
    if left < 0 then redis.call('HSET', key, field, 0) end
  end
end

-- Remembers for two days that the request was settled or released, so nothing settles it twice.
local function mark_settled(key, id, now)
  redis.call('ZADD', key, now, id)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - 172800000)
  redis.call('PEXPIRE', key, 172800000)
end
