-- ARGV[5..11]: map id, live job id the caller saw (opt), version of the queued map it saw,
-- target server, mode ('now' or 'after_round'), new job id (opt), lease timeout in
-- microseconds; ARGV[12]: the revoked lease's history error
local now = now_us()
local id, seen_job, seen_ver = ARGV[5], opt(ARGV[6]), ARGV[7]
local to, mode, job, timeout, reason = ARGV[8], ARGV[9], opt(ARGV[10]), tonumber(ARGV[11]), ARGV[12]
local h = load(id)
if not h then
  return { 'unknown' }
end
local fits
if seen_job then
  fits = h.job == seen_job
else
  fits = h.status == 'queued' and h.ver == seen_ver
end
if not fits then
  return { 'stale', flat(h) }
end
local before = flat(h)
if mode == 'after_round' then
  if h.status == 'processing' then
    h.mvs, h.mvr, h.mva = to, fmt(tonumber(h.lround) + 1), '0'
  else
    h.mvs, h.mvr, h.mva = to, h.round, h.attempt
  end
  bump(h)
  store(id, h)
  return { 'moved', flat(h) }
end
unindex(id, h)
local attempt
if h.job then
  record(h, now, 'revoked', reason)
  attempt = h.latt
else
  attempt = fmt(tonumber(h.attempt) + 1)
end
drop_move(h)
h.status = 'processing'
h.attempt = attempt
h.job = job
h.srv = to
h.latt = attempt
h.lround = h.round
h.lat = fmt(now)
h.ldl = fmt(now + timeout)
bump(h)
store(id, h)
index(id, h)
return { 'moved', flat(h), before }
