-- ARGV[5..8]: map id, job id, server id, next round time (opt)
local now = now_us()
local id, job, srv, nxt = ARGV[5], ARGV[6], ARGV[7], opt(ARGV[8])
local h = load(id)
if not h then
  return { 'unknown' }
end
if h.job ~= job or h.srv ~= srv then
  local done = redis.call('HMGET', P .. 'job:' .. job, 'out', 'map')
  if done[1] == 'completed' and done[2] == id then
    return { 'duplicate', flat(h) }
  end
  return { 'stale', flat(h) }
end
unindex(id, h)
record(h, now, 'completed', nil)
drop_lease(h)
h.round = fmt(tonumber(h.round) + 1)
h.attempt = '0'
h.lastProc = fmt(now)
h.lastErr = nil
if nxt then
  h.status = 'queued'
  h.next = nxt
else
  h.status = 'completed'
  h.next = nil
end
bump(h)
store(id, h)
index(id, h)
return { 'applied', flat(h) }
