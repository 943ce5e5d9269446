-- ARGV[5]: map id
local now = now_us()
local id = ARGV[5]
local h = load(id)
if not h then
  return { 'missing' }
end
if h.status ~= 'error' and h.status ~= 'completed' then
  return { 'illegal', h.status }
end
unindex(id, h)
h.status = 'queued'
h.next = fmt(now)
h.attempt = '0'
drop_move(h)
bump(h)
store(id, h)
index(id, h)
return { 'ok', flat(h) }
