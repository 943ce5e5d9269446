-- ARGV[5]: server id
local ids = redis.call('SMEMBERS', P .. 'srv-leases:' .. ARGV[5])
table.sort(ids)
local out = {}
for _, id in ipairs(ids) do
  out[#out + 1] = flat(load(id))
end
return out
