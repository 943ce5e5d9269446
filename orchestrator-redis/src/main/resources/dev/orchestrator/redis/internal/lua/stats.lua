-- Returns the four state counts, the number of due maps and the earliest due time (or "").
local now = fmt(now_us())
local out = {}
for _, st in ipairs({ 'queued', 'processing', 'completed', 'error' }) do
  out[#out + 1] = redis.call('ZCARD', P .. 'st:' .. st)
end
local due = redis.call('ZCOUNT', P .. 'queued', '-inf', now)
out[#out + 1] = due
local oldest = ''
if due > 0 then
  oldest = redis.call('ZRANGE', P .. 'queued', 0, 0, 'WITHSCORES')[2]
end
out[#out + 1] = oldest
return out
