-- ARGV[5]: limit
local now = fmt(now_us())
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'leases', '-inf', now, 'LIMIT', 0, ARGV[5])) do
  out[#out + 1] = flat(load(id))
end
return out
