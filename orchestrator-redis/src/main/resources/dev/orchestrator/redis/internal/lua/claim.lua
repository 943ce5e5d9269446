-- ARGV[5]: lease timeout in microseconds; then per request from ARGV[6]:
-- map id, expected version, server id, job id
local now = now_us()
local timeout = tonumber(ARGV[5])
local out = {}
for i = 6, #ARGV, 4 do
  local id = ARGV[i]
  local h = load(id)
  if h and h.ver == ARGV[i + 1] and h.status == 'queued' and tonumber(h.next) <= now then
    unindex(id, h)
    h.status = 'processing'
    h.attempt = fmt(tonumber(h.attempt) + 1)
    h.job = ARGV[i + 3]
    h.srv = ARGV[i + 2]
    h.latt = h.attempt
    h.lround = h.round
    h.lat = fmt(now)
    h.ldl = fmt(now + timeout)
    bump(h)
    store(id, h)
    index(id, h)
    out[#out + 1] = flat(h)
  end
end
return out
