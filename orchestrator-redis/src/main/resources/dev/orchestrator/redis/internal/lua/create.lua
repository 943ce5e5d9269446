-- ARGV[5..12]: map id, season id, round id, round number, next round time (opt),
-- priority, labels JSON, config JSON
local now = now_us()
local id = ARGV[5]
if redis.call('EXISTS', P .. 'map:' .. id) == 1 then
  return { 'exists' }
end
local h = {
  id = id, season = ARGV[6], roundId = ARGV[7], round = ARGV[8],
  next = opt(ARGV[9]) or fmt(now), status = 'queued', prio = ARGV[10],
  labels = ARGV[11], config = ARGV[12], attempt = '0', created = fmt(now), ver = '1'
}
store(id, h)
index(id, h)
redis.call('ZADD', P .. 'maps', 0, id)
redis.call('ZADD', P .. 'season:' .. h.season, 0, id)
return { 'ok', flat(h) }
