-- ARGV[5..8]: map id, job id, server id, next round time (opt)
local kind, h = complete_one(ARGV[5], ARGV[6], ARGV[7], opt(ARGV[8]), now_us())
if not h then
  return { kind }
end
return { kind, flat(h) }
