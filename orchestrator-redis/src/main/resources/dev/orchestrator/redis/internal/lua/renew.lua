-- ARGV[5..7]: map id, job id, new deadline in microseconds
local id, job, deadline = ARGV[5], ARGV[6], ARGV[7]
local h = load(id)
if not h or h.job ~= job then
  return { 'not-live' }
end
h.ldl = deadline
bump(h)
store(id, h)
redis.call('ZADD', P .. 'leases', deadline, id)
return { 'renewed' }
