-- ARGV[5..6]: limit, offset. Walks the priority buckets from the highest priority down;
-- inside a bucket Redis orders by due time, then by map id for equal times.
local now = fmt(now_us())
local limit, offset = tonumber(ARGV[5]), tonumber(ARGV[6])
local out = {}
for _, prio in ipairs(redis.call('ZREVRANGE', P .. 'prios', 0, -1)) do
  if #out >= limit then
    break
  end
  local bucket = P .. 'queued:p:' .. prio
  local due = redis.call('ZCOUNT', bucket, '-inf', now)
  if offset >= due then
    offset = offset - due
  else
    local ids = redis.call('ZRANGEBYSCORE', bucket, '-inf', now, 'LIMIT', offset, limit - #out)
    offset = 0
    for _, id in ipairs(ids) do
      out[#out + 1] = flat(load(id))
    end
  end
end
return out
