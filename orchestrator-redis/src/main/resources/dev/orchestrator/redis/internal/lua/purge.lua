-- ARGV[5..6]: cutoff in microseconds (exclusive), records per call.
-- Returns the records deleted and the entries examined; the caller repeats while a full
-- chunk was examined, so one call never blocks Redis for long.
local ended = P .. 'ended'
local jobs = redis.call('ZRANGEBYSCORE', ended, '-inf', '(' .. ARGV[5], 'LIMIT', 0, ARGV[6])
local deleted = 0
for _, job in ipairs(jobs) do
  local jk = P .. 'job:' .. job
  local map = redis.call('HGET', jk, 'map')
  if map then
    redis.call('LREM', P .. 'hist:' .. map, 0, job)
    redis.call('DEL', jk)
    deleted = deleted + 1
  end
  redis.call('ZREM', ended, job)
end
return { deleted, #jobs }
