-- ARGV[5..9]: map id, job id, outcome, error (opt), requeue time (opt)
local now = now_us()
local id, job, outcome, err, requeue = ARGV[5], ARGV[6], ARGV[7], opt(ARGV[8]), opt(ARGV[9])
local h = load(id)
if not h or h.job ~= job then
  return { 'not-live' }
end
unindex(id, h)
record(h, now, outcome, err)
drop_lease(h)
h.lastErr = err
if requeue then
  h.status = 'queued'
  h.next = requeue
else
  h.status = 'error'
  h.next = nil
end
bump(h)
store(id, h)
index(id, h)
return { 'released', flat(h) }
