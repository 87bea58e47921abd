-- Shared by the quota scripts: RedisScripts puts this in front of each one when it loads them (a script cannot call
-- another). Every key a script touches carries one hash tag: a user's own, or their team's.
--
-- A scope (a user, a user on a model, a team, a team on a model) is one hash:
--   r<second> requests, t<second> tokens    the minute windows (60 one-second buckets)
--   h<minute> tokens                        the hour window (60 one-minute buckets)
--   d<day> tokens, n<day> requests          the quota day (epoch day in the policy's zone)
--   m<month> tokens                         the calendar month (year * 12 + month - 1)
--   c                                       the user's cooldown: until when, ms (users' own scope only)
--   R, T                                    the minute windows' sums: every r / t bucket from second W on
--   H                                       the hour window's sum: every h bucket from minute V on
--   W, V                                    the oldest second / minute the sums hold. The admission script moves W
--                                           to the window's start as time passes, taking leaving buckets out, and
--                                           adds every bucket up again when the minute changes (V = minute - 60):
--                                           an admission reads a few fields, not every bucket (an older gateway
--                                           that writes buckets without sums is put right within that minute)
-- and its requests in flight a second hash "<scope>:fly": request id -> until when its lease holds, ms. A lease
-- that ran out no longer counts against the concurrency cap (its gateway may have died), but its entry stays two
-- days, so a request that ran longer still settles exactly.

local DAY_MS = 86400000
local SCOPE_TTL_MS = 35 * DAY_MS -- longer than a month: the month's counter lives in the scope's hash
local FLIGHT_TTL_MS = 2 * DAY_MS

-- The clock: Redis TIME, unless the caller passes one (tests).
local function clock(given)
  local now = tonumber(given)
  if not now then
    local t = redis.call('TIME')
    now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return now
end

-- Epoch day -> year, month, day of the proleptic Gregorian calendar (H. Hinnant's civil_from_days).
local function civil(z)
  z = z + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m, d
end

-- Year, month, day -> epoch day (days_from_civil).
local function epoch_day(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local mp = m > 2 and m - 3 or m + 9
  local doy = math.floor((153 * mp + 2) / 5) + d - 1
  return era * 146097 + yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy - 719468
end

-- The month of an epoch day, as year * 12 + month - 1 (Java: YearMonth year * 12 + monthValue - 1).
local function month_of(day)
  local y, m = civil(day)
  return y * 12 + m - 1
end

-- The epoch day the month after `month` starts on.
local function next_month_start(month)
  local next = month + 1
  return epoch_day(math.floor(next / 12), next % 12 + 1, 1)
end

-- Adds delta to a field of a scope while it still counts (it exists and is not older than `oldest`); never below 0.
-- A window's bucket moves its window's sum (`sum`) by as much. (A delta of 0 may be Lua's -0, which HINCRBY
-- refuses as "-0".)
local function adjust(key, prefix, index, oldest, delta, sum)
  local field = prefix .. index
  if delta ~= 0 and index >= oldest and redis.call('HEXISTS', key, field) == 1 then
    local left = redis.call('HINCRBY', key, field, delta)
    if left < 0 then redis.call('HSET', key, field, 0) end
    if sum then redis.call('HINCRBY', key, sum, delta - math.min(left, 0)) end
  end
end

-- Corrects every count of one scope for a request admitted at `admitted` on `day`: `requests` and `tokens` more.
local function correct(key, now, admitted, day, requests, tokens)
  local second, minute = math.floor(admitted / 1000), math.floor(admitted / 60000)
  if requests ~= 0 then
    adjust(key, 'r', second, math.floor(now / 1000) - 60, requests, 'R')
    adjust(key, 'n', day, day, requests)
  end
  adjust(key, 't', second, math.floor(now / 1000) - 60, tokens, 'T')
  adjust(key, 'h', minute, math.floor(now / 60000) - 60, tokens, 'H')
  adjust(key, 'd', day, day, tokens)
  local month = month_of(day)
  adjust(key, 'm', month, month, tokens)
end

-- Counts a request in one scope as admitted at `at` on `day`, seen at `now`: a window whose span `at` has already
-- left does not count it.
local function count(key, now, at, day, tokens)
  local second, minute = math.floor(at / 1000), math.floor(at / 60000)
  if second >= math.floor(now / 1000) - 60 then
    redis.call('HINCRBY', key, 'r' .. second, 1)
    redis.call('HINCRBY', key, 't' .. second, tokens)
    redis.call('HINCRBY', key, 'R', 1)
    redis.call('HINCRBY', key, 'T', tokens)
  end
  if minute >= math.floor(now / 60000) - 60 then
    redis.call('HINCRBY', key, 'h' .. minute, tokens)
    redis.call('HINCRBY', key, 'H', tokens)
  end
  redis.call('HINCRBY', key, 'd' .. day, tokens)
  redis.call('HINCRBY', key, 'n' .. day, 1)
  redis.call('HINCRBY', key, 'm' .. month_of(day), tokens)
  redis.call('PEXPIRE', key, SCOPE_TTL_MS)
end

-- Remembers for two days that the request was settled or released, so nothing settles it twice.
local function mark_settled(key, id, now)
  redis.call('ZADD', key, now, id)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - FLIGHT_TTL_MS)
  redis.call('PEXPIRE', key, FLIGHT_TTL_MS)
end
