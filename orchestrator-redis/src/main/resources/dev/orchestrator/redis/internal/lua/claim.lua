-- ARGV[5]: lease timeout in microseconds; then per request from ARGV[6]:
-- map id, expected version, server id, job id
local now = now_us()
local timeout = tonumber(ARGV[5])
local out = {}
for i = 6, #ARGV, 4 do
  local h = claim_one(ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], now, timeout)
  if h then
    out[#out + 1] = flat(h)
  end
end
return out
