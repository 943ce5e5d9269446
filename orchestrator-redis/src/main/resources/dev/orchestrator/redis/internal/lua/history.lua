-- ARGV[5..6]: map id, limit. Records whose retention ran out are skipped.
local out = {}
for _, job in ipairs(redis.call('LRANGE', P .. 'hist:' .. ARGV[5], 0, tonumber(ARGV[6]) - 1)) do
  local raw = redis.call('HGETALL', P .. 'job:' .. job)
  if #raw > 0 then
    out[#out + 1] = raw
  end
end
return out
