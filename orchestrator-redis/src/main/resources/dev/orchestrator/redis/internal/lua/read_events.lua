-- ARGV[5]: the reader's position (the last id it has); ARGV[6]: the most entries to return.
-- Returns { floor, latest, entries }: ids at or below floor are gone; entries (id and fields,
-- as XRANGE gives them) follow the position, unless it is below floor or above latest.
local stream = P .. 'events'
local first = redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)
local floor
local latest
if #first == 0 then
  latest = tonumber(redis.call('GET', P .. 'events:seq') or '0')
  floor = latest
else
  floor = tonumber(string.match(first[1][1], '^(%d+)')) - 1
  local top = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)
  latest = tonumber(string.match(top[1][1], '^(%d+)'))
end
local after = tonumber(ARGV[5])
local max = tonumber(ARGV[6])
local entries = {}
if after >= floor and after <= latest and max > 0 then
  entries = redis.call('XRANGE', stream, fmt(after + 1) .. '-0', '+', 'COUNT', max)
end
return { fmt(floor), fmt(latest), entries }
