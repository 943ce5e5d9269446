-- ARGV[5..9]: index key suffix, cursor (opt), ids to scan, status filter (opt),
-- season filter (opt); ARGV[10]: matches wanted. Scans one bounded chunk of a lexicographic
-- index so a sparse filter never blocks Redis for long; the caller continues from the
-- returned position until it has a page.
local idx = P .. ARGV[5]
local after, chunk = opt(ARGV[6]), tonumber(ARGV[7])
local status, season, want = opt(ARGV[8]), opt(ARGV[9]), tonumber(ARGV[10])
local min = '-'
if after then
  min = '(' .. after
end
local ids = redis.call('ZRANGEBYLEX', idx, min, '+', 'LIMIT', 0, chunk)
local out = {}
local last = after or ''
local ended = #ids < chunk
for i, id in ipairs(ids) do
  last = id
  local h = load(id)
  if h and (not status or h.status == status) and (not season or h.season == season) then
    out[#out + 1] = flat(h)
    if #out >= want then
      ended = ended and i == #ids
      break
    end
  end
end
return { last, ended and '1' or '0', out }
