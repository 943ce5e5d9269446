-- Prepended to every script. The calling convention is fixed:
--   ARGV[1] key prefix including the hash tag, e.g. "{orch}:"
--   ARGV[2] "redis" to read the clock from TIME, else the caller's time in microseconds
--   ARGV[3] history entries kept per map
--   ARGV[4] seconds a history record is kept for duplicate detection and findTask
-- Script arguments start at ARGV[5]. Keys that depend on stored data (the priority bucket,
-- a server's lease set, a job record) are derived from the prefix; the hash tag keeps them in
-- the slot of the keys passed in KEYS.
local P = ARGV[1]
local HISTORY_CAP = tonumber(ARGV[3])
local RETENTION = tonumber(ARGV[4])

-- Numbers go to Redis as strings: redis.call would print a Lua number with %.14g and lose
-- the last digits of a microsecond timestamp.
local function fmt(n)
  return string.format('%.0f', n)
end

local function now_us()
  if ARGV[2] == 'redis' then
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000000 + tonumber(t[2])
  end
  return tonumber(ARGV[2])
end

-- Optional string arguments arrive as "-" for absent or "+" followed by the value, so an
-- empty string and no value stay distinct.
local function opt(arg)
  if arg == '-' then
    return nil
  end
  return string.sub(arg, 2)
end

local function load(id)
  local raw = redis.call('HGETALL', P .. 'map:' .. id)
  if #raw == 0 then
    return nil
  end
  local h = {}
  for i = 1, #raw, 2 do
    h[raw[i]] = raw[i + 1]
  end
  return h
end

local function flat(h)
  local out = {}
  for f, v in pairs(h) do
    out[#out + 1] = f
    out[#out + 1] = v
  end
  return out
end

local function store(id, h)
  local k = P .. 'map:' .. id
  redis.call('DEL', k)
  redis.call('HSET', k, unpack(flat(h)))
end

local function bump(h)
  h.ver = fmt(tonumber(h.ver) + 1)
end

-- The state indexes: exactly one of st:queued, st:processing, st:completed, st:error holds
-- each map id; queued maps are also in the due-time sets, leased ones in the deadline set.
local function unindex(id, h)
  redis.call('ZREM', P .. 'st:' .. h.status, id)
  if h.status == 'queued' then
    redis.call('ZREM', P .. 'queued', id)
    local bucket = P .. 'queued:p:' .. h.prio
    redis.call('ZREM', bucket, id)
    if redis.call('EXISTS', bucket) == 0 then
      redis.call('ZREM', P .. 'prios', h.prio)
    end
  elseif h.status == 'processing' then
    redis.call('ZREM', P .. 'leases', id)
    redis.call('SREM', P .. 'srv-leases:' .. h.srv, id)
  end
end

local function index(id, h)
  redis.call('ZADD', P .. 'st:' .. h.status, 0, id)
  if h.status == 'queued' then
    redis.call('ZADD', P .. 'queued', h.next, id)
    redis.call('ZADD', P .. 'queued:p:' .. h.prio, h.next, id)
    redis.call('ZADD', P .. 'prios', h.prio, h.prio)
  elseif h.status == 'processing' then
    redis.call('ZADD', P .. 'leases', h.ldl, id)
    redis.call('SADD', P .. 'srv-leases:' .. h.srv, id)
  end
end

local LEASE_FIELDS = { 'job', 'srv', 'latt', 'lround', 'lat', 'ldl' }

local function drop_lease(h)
  for _, f in ipairs(LEASE_FIELDS) do
    h[f] = nil
  end
end

-- A pending move (an operator's move after the round): the server, round and attempt the
-- reservation is for.
local function drop_move(h)
  h.mvs = nil
  h.mvr = nil
  h.mva = nil
end

-- Ends the live lease of h in one history record: the job's hash (kept RETENTION seconds,
-- for findTask and duplicate detection), the map's capped list of job ids, and the
-- end-time index that purge walks.
local function record(h, ended, outcome, err)
  local jk = P .. 'job:' .. h.job
  redis.call('DEL', jk)
  redis.call('HSET', jk, 'job', h.job, 'map', h.id, 'srv', h.srv, 'round', h.lround,
    'att', h.latt, 'start', h.lat, 'end', fmt(ended), 'out', outcome)
  if err then
    redis.call('HSET', jk, 'err', err)
  end
  redis.call('EXPIRE', jk, RETENTION)
  local hk = P .. 'hist:' .. h.id
  redis.call('LPUSH', hk, h.job)
  redis.call('LTRIM', hk, 0, HISTORY_CAP - 1)
  redis.call('ZADD', P .. 'ended', fmt(ended), h.job)
end

-- Completes the round of job on map id if it is the live lease held by srv: the round counter
-- moves on and the map is queued for nxt (completed when nxt is nil), with one history record.
-- Returns the outcome ('applied', 'duplicate', 'stale', 'unknown') and the map's hash.
local function complete_one(id, job, srv, nxt, now)
  local h = load(id)
  if not h then
    return 'unknown', nil
  end
  if h.job ~= job or h.srv ~= srv then
    local done = redis.call('HMGET', P .. 'job:' .. job, 'out', 'map')
    if done[1] == 'completed' and done[2] == id then
      return 'duplicate', h
    end
    return 'stale', h
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
  return 'applied', h
end

-- Leases map id to srv as job if it is queued, due at now and at version ver; returns the
-- leased map's hash, or nil when the claim is refused.
local function claim_one(id, ver, srv, job, now, timeout)
  local h = load(id)
  if not (h and h.ver == ver and h.status == 'queued' and tonumber(h.next) <= now) then
    return nil
  end
  unindex(id, h)
  h.status = 'processing'
  h.attempt = fmt(tonumber(h.attempt) + 1)
  h.job = job
  h.srv = srv
  h.latt = h.attempt
  h.lround = h.round
  h.lat = fmt(now)
  h.ldl = fmt(now + timeout)
  bump(h)
  store(id, h)
  index(id, h)
  return h
end
