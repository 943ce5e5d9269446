-- ARGV[5]: lease timeout in microseconds; ARGV[6]: number of completions n; then n times
-- map id, job id, server id, next round time (opt); then per claim request: map id,
-- expected version, server id, job id. The completions run first, so a claim may lease a map
-- completed here. Returns { completions, leased }: per completion { outcome, map } (no map
-- for 'unknown'), and the leased maps in request order.
local now = now_us()
local timeout = tonumber(ARGV[5])
local done = {}
local i = 7
for _ = 1, tonumber(ARGV[6]) do
  local kind, h = complete_one(ARGV[i], ARGV[i + 1], ARGV[i + 2], opt(ARGV[i + 3]), now)
  if h then
    done[#done + 1] = { kind, flat(h) }
  else
    done[#done + 1] = { kind }
  end
  i = i + 4
end
local leased = {}
for j = i, #ARGV, 4 do
  local h = claim_one(ARGV[j], ARGV[j + 1], ARGV[j + 2], ARGV[j + 3], now, timeout)
  if h then
    leased[#leased + 1] = flat(h)
  end
end
return { done, leased }
