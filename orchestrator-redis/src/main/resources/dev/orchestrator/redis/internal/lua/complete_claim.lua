-- ARGV[5]: lease timeout in microseconds; ARGV[6]: number of completions n; then n times
-- map id, job id, server id, next round time (opt); then per claim request: map id,
-- expected version, server id, job id. The completions run first, so a claim may lease a map
-- completed here. Returns { completions, leased }: per completion { outcome, map } (no map
-- for 'unknown'), and the leased maps in request order. A map completed and leased again in
-- this call is sent once: its completion carries instead of the map the 1-based position of
-- the leased map, which differs from the completed one only by the claim (see claim_one).
local now = now_us()
local timeout = tonumber(ARGV[5])
local done = {}
local applied = {}
local i = 7
for _ = 1, tonumber(ARGV[6]) do
  local kind, h = complete_one(ARGV[i], ARGV[i + 1], ARGV[i + 2], opt(ARGV[i + 3]), now)
  done[#done + 1] = { kind, h }
  if kind == 'applied' then
    applied[ARGV[i]] = #done
  end
  i = i + 4
end
local leased = {}
local relet = {}
for j = i, #ARGV, 4 do
  local h = claim_one(ARGV[j], ARGV[j + 1], ARGV[j + 2], ARGV[j + 3], now, timeout)
  if h then
    leased[#leased + 1] = flat(h)
    local k = applied[ARGV[j]]
    if k then
      relet[k] = #leased
    end
  end
end
local completions = {}
for k, d in ipairs(done) do
  if relet[k] then
    completions[k] = { d[1], relet[k] }
  elseif d[2] then
    completions[k] = { d[1], flat(d[2]) }
  else
    completions[k] = { d[1] }
  end
end
return { completions, leased }
