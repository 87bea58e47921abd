-- Gives a model's slot back and tells the replicas a slot is free. (common.lua is put in front of this script.)
--
-- KEYS[1] the slots held (hash: lease id -> "expiresMs tokens")
-- ARGV: lease id, the channel replicas listen on
-- Returns {'given', 1|0}

local given = redis.call('HDEL', KEYS[1], ARGV[1])
if given == 1 then
  redis.call('PUBLISH', ARGV[2], 'free')
end
return {'given', given}
