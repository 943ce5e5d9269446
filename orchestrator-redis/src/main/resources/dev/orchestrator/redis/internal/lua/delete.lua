-- ARGV[5]: map id
local now = now_us()
local id = ARGV[5]
local h = load(id)
if not h then
  return { 'none' }
end
if h.job then
  record(h, now, 'revoked', 'map deleted')
end
unindex(id, h)
redis.call('DEL', P .. 'map:' .. id)
redis.call('ZREM', P .. 'maps', id)
redis.call('ZREM', P .. 'season:' .. h.season, id)
return { 'deleted', flat(h) }
