-- Admits one request atomically across every scope it counts in (the user's own first, then the user's on the
-- model, the team's, the team's on the model): each scope's windows, day, month and concurrency cap, and the user's
-- cooldown. (common.lua is put in front of this script.)
--
-- KEYS[1..n]      the scopes' hashes; KEYS[n+1..2n] their requests in flight
-- ARGV: now_ms ("" = Redis TIME), request id, tokens, zone offset ms, in-flight lease ms, the user's cooldown ms,
--       then per scope: rpm, tpm, tph, tpd, monthly tokens, max concurrent, users' own (1|0)
--
-- Returns named fields {name, value, …}: admitted 1|0, limit (the code, or ""), scope (the refusing scope's number
-- from 1, or 0), retry_after_ms, rpm, remaining_requests, reset_requests_ms, tpm, remaining_tokens, reset_tokens_ms
-- (of the scope with the least left), now_ms, day, and day_tokens and month_tokens: each scope's tokens of the day
-- and the month, this request's included when admitted, separated by spaces.
-- The window arithmetic is RollingWindow's: a window sums every bucket overlapping its span, so no interval of one
-- span holds more than the limit; an amount may count up to one bucket longer than the span.

local now = clock(ARGV[1])
local id = ARGV[2]
local tokens = tonumber(ARGV[3])
local offset, lease, cooldown_ms = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local n = #KEYS / 2
local day = math.floor((now + offset) / DAY_MS)
local month = month_of(day)
local second, minute = math.floor(now / 1000), math.floor(now / 60000)

-- Every bucket of a scope added up again, its dead buckets and days dropped: when the minute changes, and for a
-- hash no admission has summed yet. Returns the window sums.
local function resum(key)
  local raw = redis.call('HGETALL', key)
  local requests, minute_tokens, hour, dead = 0, 0, 0, {}
  for i = 1, #raw, 2 do
    local field, amount = raw[i], tonumber(raw[i + 1])
    local kind, index = string.sub(field, 1, 1), tonumber(string.sub(field, 2))
    if kind == 'r' or kind == 't' then
      if index < second - 60 then
        dead[#dead + 1] = field
      elseif kind == 'r' then
        requests = requests + amount
      else
        minute_tokens = minute_tokens + amount
      end
    elseif kind == 'h' then
      if index < minute - 60 then dead[#dead + 1] = field else hour = hour + amount end
    elseif kind == 'd' or kind == 'n' then
      if index < day - 1 then dead[#dead + 1] = field end
    elseif kind == 'm' then
      if index < month - 1 then dead[#dead + 1] = field end
    end
  end
  if #dead > 0 then redis.call('HDEL', key, unpack(dead)) end
  redis.call('HSET', key, 'R', requests, 'T', minute_tokens, 'H', hour, 'W', second - 60, 'V', minute - 60)
  return requests, minute_tokens, hour
end

-- The minute windows' sums once the buckets older than the window have left them (at most the 60 seconds since
-- the last admission of this minute: the minute's resum set W).
local function sweep(key, requests, minute_tokens, from)
  if from >= second - 60 then return requests, minute_tokens end
  local fields = {}
  for index = from, second - 61 do
    fields[#fields + 1] = 'r' .. index
    fields[#fields + 1] = 't' .. index
  end
  local amounts = redis.call('HMGET', key, unpack(fields))
  for i = 1, #fields, 2 do
    requests = requests - (tonumber(amounts[i]) or 0)
    minute_tokens = minute_tokens - (tonumber(amounts[i + 1]) or 0)
  end
  redis.call('HDEL', key, unpack(fields))
  redis.call('HSET', key, 'R', requests, 'T', minute_tokens, 'W', second - 60)
  return requests, minute_tokens
end

-- One scope's state: its window sums, day, month and cooldown.
local function read(key)
  local f = redis.call('HMGET', key, 'R', 'T', 'H', 'W', 'V', 'd' .. day, 'm' .. month, 'c')
  local s = {day = tonumber(f[6]) or 0, month = tonumber(f[7]) or 0, cooldown = tonumber(f[8]) or 0}
  if f[1] and f[2] and f[3] and f[4] and tonumber(f[5]) == minute - 60 then
    s.hour = tonumber(f[3])
    s.requests, s.minute = sweep(key, tonumber(f[1]), tonumber(f[2]), tonumber(f[4]))
  else
    s.requests, s.minute, s.hour = resum(key)
  end
  return s
end

-- A window's live buckets with something in them, oldest first: {index, amount}.
local function buckets(key, prefix, last)
  local fields = {}
  for index = last - 60, last do fields[#fields + 1] = prefix .. index end
  local amounts = redis.call('HMGET', key, unpack(fields))
  local live = {}
  for i = 1, #fields do
    local amount = tonumber(amounts[i])
    if amount and amount > 0 then live[#live + 1] = {last - 61 + i, amount} end
  end
  return live
end

-- Requests holding a lease in a scope.
local function flying(key)
  local raw = redis.call('HGETALL', key)
  local live, gone = 0, {}
  for i = 1, #raw, 2 do
    local until_ms = tonumber(raw[i + 1])
    if until_ms >= now then
      live = live + 1
    elseif until_ms < now - FLIGHT_TTL_MS then
      gone[#gone + 1] = raw[i]
    end
  end
  if #gone > 0 then redis.call('HDEL', key, unpack(gone)) end
  return live
end

-- Milliseconds until at least `needed` has left a scope's window: requests ('r') or tokens ('t') of the minute,
-- tokens of the hour ('h').
local function until_freed(key, prefix, needed)
  if needed <= 0 then return 0 end
  local width = prefix == 'h' and 60000 or 1000
  local freed, wait = 0, 0
  for _, bucket in ipairs(buckets(key, prefix, math.floor(now / width))) do
    freed = freed + bucket[2]
    wait = (bucket[1] + 61) * width - now
    if freed >= needed then break end
  end
  return math.max(wait, 0)
end

local scopes, limits = {}, {}
for i = 1, n do
  local a = 6 + (i - 1) * 7
  limits[i] = {rpm = tonumber(ARGV[a + 1]), tpm = tonumber(ARGV[a + 2]), tph = tonumber(ARGV[a + 3]),
               tpd = tonumber(ARGV[a + 4]), monthly = tonumber(ARGV[a + 5]), concurrent = tonumber(ARGV[a + 6]),
               users = ARGV[a + 7] == '1'}
  scopes[i] = read(KEYS[i])
end

-- When what a scope holds in a minute window has all left it: just counted this second when admitted.
local function reset(i, prefix, held, admitted)
  if admitted and held > 0 and (prefix == 'r' or tokens > 0) then return (second + 61) * 1000 - now end
  return until_freed(KEYS[i], prefix, held)
end

local function answer(admitted, code, scope, retry)
  local best_requests, best_tokens
  for i = 1, n do
    local l, s = limits[i], scopes[i]
    local requests_left, tokens_left = math.max(l.rpm - s.requests, 0), math.max(l.tpm - s.minute, 0)
    if l.rpm > 0 and (not best_requests or requests_left < best_requests[2]) then
      best_requests = {l.rpm, requests_left, i}
    end
    if l.tpm > 0 and (not best_tokens or tokens_left < best_tokens[2]) then
      best_tokens = {l.tpm, tokens_left, i}
    end
  end
  best_requests = best_requests or {0, 0, 0}
  best_tokens = best_tokens or {0, 0, 0}
  if best_requests[3] > 0 then
    best_requests[3] = reset(best_requests[3], 'r', scopes[best_requests[3]].requests, admitted == 1)
  end
  if best_tokens[3] > 0 then
    best_tokens[3] = reset(best_tokens[3], 't', scopes[best_tokens[3]].minute, admitted == 1)
  end
  local days, months = {}, {}
  for i = 1, n do
    days[i] = scopes[i].day
    months[i] = scopes[i].month
  end
  return {'admitted', admitted, 'limit', code, 'scope', scope, 'retry_after_ms', retry,
          'rpm', best_requests[1], 'remaining_requests', best_requests[2], 'reset_requests_ms', best_requests[3],
          'tpm', best_tokens[1], 'remaining_tokens', best_tokens[2], 'reset_tokens_ms', best_tokens[3],
          'now_ms', now, 'day', day, 'day_tokens', table.concat(days, ' '),
          'month_tokens', table.concat(months, ' ')}
end

if scopes[1].cooldown > now then
  return answer(0, 'cooldown', 1, scopes[1].cooldown - now)
end

-- Requests in flight hold a lease, so a gateway that died mid-request cannot hold a slot for ever.
for i = 1, n do
  if limits[i].concurrent > 0 and flying(KEYS[n + i]) >= limits[i].concurrent then
    return answer(0, 'concurrency_exceeded', i, 1000)
  end
end

for i = 1, n do
  local l, s = limits[i], scopes[i]
  local code, retry = nil, 0
  if l.rpm > 0 and s.requests + 1 > l.rpm then
    code, retry = 'rpm_exceeded', until_freed(KEYS[i], 'r', s.requests + 1 - l.rpm)
  elseif l.tpm > 0 and s.minute + tokens > l.tpm then
    code, retry = 'tpm_exceeded', until_freed(KEYS[i], 't', s.minute + tokens - l.tpm)
  elseif l.tph > 0 and s.hour + tokens > l.tph then
    code, retry = 'tph_exceeded', until_freed(KEYS[i], 'h', s.hour + tokens - l.tph)
  elseif l.tpd > 0 and s.day + tokens > l.tpd then
    code, retry = 'tpd_exceeded', (day + 1) * DAY_MS - offset - now
  elseif l.monthly > 0 and s.month + tokens > l.monthly then
    code, retry = 'monthly_budget_exceeded', next_month_start(month) * DAY_MS - offset - now
  end
  if code then
    -- Hitting one of their own limits cools the user down; a team's limit is not the member's doing.
    if l.users and cooldown_ms > 0 then
      redis.call('HSET', KEYS[1], 'c', now + cooldown_ms)
      if redis.call('PTTL', KEYS[1]) < cooldown_ms then redis.call('PEXPIRE', KEYS[1], cooldown_ms) end
      retry = math.max(retry, cooldown_ms)
    end
    return answer(0, code, i, retry)
  end
end

for i = 1, n do
  local s = scopes[i]
  count(KEYS[i], now, now, day, tokens)
  redis.call('HSET', KEYS[n + i], id, now + lease)
  redis.call('PEXPIRE', KEYS[n + i], FLIGHT_TTL_MS)
  s.requests, s.minute, s.day, s.month = s.requests + 1, s.minute + tokens, s.day + tokens, s.month + tokens
end
return answer(1, '', 0, 0)
