-- ARGV[5]: status filter (opt). Servers are few (one per game server process), so one pass.
local status = opt(ARGV[5])
local out = {}
for _, id in ipairs(redis.call('ZRANGE', P .. 'servers', 0, -1)) do
  local raw = redis.call('HGETALL', P .. 'server:' .. id)
  if #raw > 0 then
    local st
    for i = 1, #raw, 2 do
      if raw[i] == 'status' then
        st = raw[i + 1]
      end
    end
    if not status or st == status then
      out[#out + 1] = raw
    end
  end
end
return out
