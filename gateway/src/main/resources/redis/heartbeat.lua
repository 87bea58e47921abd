-- A gateway replica says it is alive; answers how many are. (common.lua is put in front of this script.)
--
-- KEYS[1] the replicas (sorted set: replica id -> when it last said so, ms)
-- ARGV: now_ms ("" = Redis TIME), replica id, how long a replica counts as alive after its last heartbeat (ms)
-- Returns {'replicas', n}

local now = clock(ARGV[1])
local alive_for = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - alive_for)
redis.call('PEXPIRE', KEYS[1], alive_for * 2)
return {'replicas', redis.call('ZCARD', KEYS[1])}
