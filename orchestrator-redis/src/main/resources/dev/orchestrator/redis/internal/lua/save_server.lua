-- ARGV[5]: server id; ARGV[6..]: field/value pairs of the registry entry
local id = ARGV[5]
local k = P .. 'server:' .. id
redis.call('DEL', k)
redis.call('HSET', k, unpack(ARGV, 6))
redis.call('ZADD', P .. 'servers', 0, id)
return { 'saved' }
