-- ARGV[5]: events kept at least (the stream is trimmed with MAXLEN ~, so a few more stay);
-- ARGV[6]: '1' if the caller lost events just before this batch, else '0'; then seven
-- arguments per event: type, time in microseconds, map id, server id, job id (the three as
-- optional strings), map version, details as a JSON object.
-- Entry ids are "<n>-0" with n from the events:seq counter, so ids are plain increasing
-- numbers shared by every host.
local stream = P .. 'events'
local seq = P .. 'events:seq'
local loss = ARGV[6]
local last = nil
for i = 7, #ARGV, 7 do
  local n = redis.call('INCR', seq)
  local fields = { 't', ARGV[i], 'at', ARGV[i + 1], 'v', ARGV[i + 5], 'd', ARGV[i + 6], 'l', loss }
  local names = { 'm', 's', 'j' }
  for k = 1, 3 do
    local value = opt(ARGV[i + 1 + k])
    if value then
      fields[#fields + 1] = names[k]
      fields[#fields + 1] = value
    end
  end
  redis.call('XADD', stream, 'MAXLEN', '~', ARGV[5], fmt(n) .. '-0', unpack(fields))
  loss = '0'
  last = n
end
if last then
  redis.call('PUBLISH', P .. 'signal:events', fmt(last))
  return { fmt(last) }
end
return {}
