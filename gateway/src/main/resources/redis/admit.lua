-- Admits one request atomically across every window, the cooldown and the concurrency cap of one user.
-- (common.lua is put in front of this script.)
--
-- KEYS[1] requests per second bucket (hash: epoch second -> requests)      rpm window
-- KEYS[2] tokens per second bucket   (hash: epoch second -> tokens)        tpm window
-- KEYS[3] tokens per minute bucket   (hash: epoch minute -> tokens)        tph window
-- KEYS[4] the quota days             (hash: epoch day in the zone -> tokens, "<day>:r" -> requests)   tpd
-- KEYS[5] cooldown                   (string: when it ends, ms; expires then too)
-- KEYS[6] requests in flight         (hash: request id -> "reserved admittedMs day expiresMs")
-- ARGV: now_ms ("" = Redis TIME), request id, tokens, rpm, tpm, tph, tpd, cooldown_ms, max_concurrent,
--       zone offset ms, in-flight lease ms
--
-- Returns named fields {name, value, …}: admitted 1|0, limit (the code, or ""), retry_after_ms,
--   rpm, remaining_requests, reset_requests_ms, tpm, remaining_tokens, reset_tokens_ms, now_ms, day,
--   day_tokens (the user's tokens of the quota day, this request's included when admitted)
-- The window arithmetic is RollingWindow's: a window sums every bucket overlapping its span, so no interval of one
-- span holds more than the limit; an amount may count up to one bucket longer than the span.

local now = clock(ARGV[1])
local id = ARGV[2]
local tokens = tonumber(ARGV[3])
local rpm, tpm, tph, tpd = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local cooldown_ms, max_concurrent = tonumber(ARGV[8]), tonumber(ARGV[9])
local offset, lease = tonumber(ARGV[10]), tonumber(ARGV[11])
local day = math.floor((now + offset) / 86400000)

-- Sums a window's live buckets, dropping the dead ones; returns the sum and the live buckets oldest first.
local function window(key, width, buckets)
  local oldest = math.floor(now / width) - buckets
  local raw = redis.call('HGETALL', key)
  local sum, live, dead = 0, {}, {}
  for i = 1, #raw, 2 do
    local epoch, amount = tonumber(raw[i]), tonumber(raw[i + 1])
    if epoch < oldest then
      dead[#dead + 1] = raw[i]
    else
      sum = sum + amount
      live[#live + 1] = {epoch, amount}
    end
  end
  if #dead > 0 then redis.call('HDEL', key, unpack(dead)) end
  table.sort(live, function(a, b) return a[1] < b[1] end)
  return sum, live
end

-- Milliseconds until at least `needed` has left a window.
local function until_freed(live, needed, width, buckets)
  if needed <= 0 then return 0 end
  local freed, wait = 0, 0
  for _, bucket in ipairs(live) do
    if bucket[2] > 0 then
      freed = freed + bucket[2]
      wait = (bucket[1] + buckets + 1) * width - now
      if freed >= needed then break end
    end
  end
  return math.max(wait, 0)
end

local requests, request_buckets = window(KEYS[1], 1000, 60)
local minute_tokens, minute_buckets = window(KEYS[2], 1000, 60)
local hour_tokens, hour_buckets = window(KEYS[3], 60000, 60)
local day_tokens = tonumber(redis.call('HGET', KEYS[4], day) or '0')

local function answer(admitted, code, retry)
  return {'admitted', admitted, 'limit', code, 'retry_after_ms', retry,
          'rpm', rpm, 'remaining_requests', math.max(rpm - requests, 0),
          'reset_requests_ms', until_freed(request_buckets, requests, 1000, 60),
          'tpm', tpm, 'remaining_tokens', math.max(tpm - minute_tokens, 0),
          'reset_tokens_ms', until_freed(minute_buckets, minute_tokens, 1000, 60),
          'now_ms', now, 'day', day, 'day_tokens', day_tokens}
end

local cooldown_until = tonumber(redis.call('GET', KEYS[5]) or '0')
if cooldown_until > now then
  return answer(0, 'cooldown', cooldown_until - now)
end

-- Requests in flight hold a lease, so a gateway that died mid-request cannot hold a slot for ever.
local flying = redis.call('HGETALL', KEYS[6])
local in_flight, expired = 0, {}
for i = 1, #flying, 2 do
  local expires = tonumber(string.match(flying[i + 1], '(%d+)$'))
  if expires < now then expired[#expired + 1] = flying[i] else in_flight = in_flight + 1 end
end
if #expired > 0 then redis.call('HDEL', KEYS[6], unpack(expired)) end
if max_concurrent > 0 and in_flight >= max_concurrent then
  return answer(0, 'concurrency_exceeded', 1000)
end

local code, retry = nil, 0
if rpm > 0 and requests + 1 > rpm then
  code, retry = 'rpm_exceeded', until_freed(request_buckets, requests + 1 - rpm, 1000, 60)
elseif tpm > 0 and minute_tokens + tokens > tpm then
  code, retry = 'tpm_exceeded', until_freed(minute_buckets, minute_tokens + tokens - tpm, 1000, 60)
elseif tph > 0 and hour_tokens + tokens > tph then
  code, retry = 'tph_exceeded', until_freed(hour_buckets, hour_tokens + tokens - tph, 60000, 60)
elseif tpd > 0 and day_tokens + tokens > tpd then
  code, retry = 'tpd_exceeded', (day + 1) * 86400000 - offset - now
end
if code then
  if cooldown_ms > 0 then
    redis.call('SET', KEYS[5], now + cooldown_ms, 'PX', cooldown_ms)
    retry = math.max(retry, cooldown_ms)
  end
  return answer(0, code, retry)
end

local second, minute = math.floor(now / 1000), math.floor(now / 60000)
redis.call('HINCRBY', KEYS[1], second, 1)
redis.call('HINCRBY', KEYS[2], second, tokens)
redis.call('HINCRBY', KEYS[3], minute, tokens)
redis.call('HINCRBY', KEYS[4], day, tokens)
redis.call('HINCRBY', KEYS[4], day .. ':r', 1)
redis.call('PEXPIRE', KEYS[1], 120000)
redis.call('PEXPIRE', KEYS[2], 120000)
redis.call('PEXPIRE', KEYS[3], 7260000)
redis.call('PEXPIRE', KEYS[4], 172800000)
redis.call('HSET', KEYS[6], id, tokens .. ' ' .. now .. ' ' .. day .. ' ' .. (now + lease))
redis.call('PEXPIRE', KEYS[6], lease)
requests, minute_tokens, day_tokens = requests + 1, minute_tokens + tokens, day_tokens + tokens
request_buckets[#request_buckets + 1] = {second, 1}
minute_buckets[#minute_buckets + 1] = {second, tokens}
return answer(1, '', 0)
