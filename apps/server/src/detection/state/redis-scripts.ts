// The Lua scripts of `RedisWindowStore`. Each runs atomically in Redis, so evaluations of one key on several
// nodes never interleave inside them. KEYS: the window (sorted set: score ts, member event id, or event id,
// "\u001f" and tag), the cooldown deadline, the window's tag counts (hash: tag → entries carrying it) and
// the sum of its numeric tags (a string, "%.17g" so it reads back exactly), kept by every add, eviction and
// clear so that a tally never reads the whole window; the closing scripts add a fifth key, the schedule
// (sorted set: score close time, member the window's key).

const KEYS = `
local window, cooldown, tags, sumkey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local function tagOf(member)
  local at = string.find(member, '\\31', 1, true)
  if at then return string.sub(member, at + 1) end
end
local function numberOf(tag)
  if tag and (string.match(tag, '^%-?%d+$') or string.match(tag, '^%-?%d+%.%d+$')) then return tonumber(tag) end
end
local sum = tonumber(redis.call('GET', sumkey) or '0')
local sumChanged = false
local function account(tag, delta)
  local value = numberOf(tag)
  if value then
    sum = sum + delta * value
    sumChanged = true
  end
end
local function untag(members)
  for _, member in ipairs(members) do
    local tag = tagOf(member)
    if tag then
      if redis.call('HINCRBY', tags, tag, -1) <= 0 then redis.call('HDEL', tags, tag) end
      account(tag, -1)
    end
  end
end
local function saveSum(ttl)
  if redis.call('ZCARD', window) == 0 then
    redis.call('DEL', sumkey)
  elseif sumChanged then
    redis.call('SET', sumkey, string.format('%.17g', sum), 'PX', ttl)
  end
end
`;
// ARGV: ts, member, evictBefore ('-inf': evict nothing), cap, ttl.
const ADD_ENTRY = `
if redis.call('ZADD', window, ARGV[1], ARGV[2]) == 1 and tagOf(ARGV[2]) then
  redis.call('HINCRBY', tags, tagOf(ARGV[2]), 1)
  account(tagOf(ARGV[2]), 1)
end
untag(redis.call('ZRANGEBYSCORE', window, '-inf', ARGV[3]))
redis.call('ZREMRANGEBYSCORE', window, '-inf', ARGV[3])
local over = redis.call('ZCARD', window) - tonumber(ARGV[4])
if over > 0 then
  untag(redis.call('ZRANGE', window, 0, over - 1))
  redis.call('ZREMRANGEBYRANK', window, 0, over - 1)
end
saveSum(ARGV[5])
redis.call('PEXPIRE', window, ARGV[5])
redis.call('PEXPIRE', tags, ARGV[5])
redis.call('PEXPIRE', sumkey, ARGV[5])
`;
// True when the key cools down at event time ARGV[1].
const COOLING = `
local cooldown_until = redis.call('GET', cooldown)
local cooling = cooldown_until and tonumber(ARGV[1]) < tonumber(cooldown_until)
`;
// Counts the tags of entries outside the window ending at finish: few, since eviction keeps the set
// close to the window.
const TAGS_OUTSIDE = `
local function tagsOutside(finish, width)
  local outside = {}
  local function count(members)
    for _, member in ipairs(members) do
      local tag = tagOf(member)
      if tag then outside[tag] = (outside[tag] or 0) + 1 end
    end
  end
  count(redis.call('ZRANGEBYSCORE', window, '-inf', finish - width))
  count(redis.call('ZRANGEBYSCORE', window, '(' .. finish, '+inf'))
  return outside
end
`;

/** `addEntry`: ARGV ts, member, evictBefore, cap, ttl. */
export const ADD = `${KEYS}${ADD_ENTRY}`;

/** `record`: ARGV as `ADD`, then the range read back (from exclusive, to inclusive); nil while cooling. */
export const RECORD = `${KEYS}${COOLING}
if cooling then return false end
${ADD_ENTRY}
return redis.call('ZRANGEBYSCORE', window, '(' .. ARGV[6], ARGV[7], 'WITHSCORES')
`;

/**
 * `recordAndTally`: ARGV as `ADD` (evictBefore = ts − window), then the window's length and what to add
 * ('t' tag counts, 's' sum, 'o' the recorded tag's count). Replies end, count, distinct tags, the sum (text),
 * the recorded tag's count, then tag, count pairs when asked; nil while cooling.
 */
export const TALLY = `${KEYS}${COOLING}${TAGS_OUTSIDE}
if cooling then return false end
${ADD_ENTRY}
local width = tonumber(ARGV[6])
local wants = ARGV[7]
local finish = tonumber(ARGV[1])
local newest = redis.call('ZREVRANGEBYSCORE', window, finish + width - 1, '-inf', 'WITHSCORES', 'LIMIT', 0, 1)
if newest[2] and tonumber(newest[2]) > finish then finish = tonumber(newest[2]) end
local reply = {finish, redis.call('ZCOUNT', window, '(' .. (finish - width), finish), redis.call('HLEN', tags), '0', 0}
if reply[3] == 0 then return reply end
local outside = tagsOutside(finish, width)
for tag, count in pairs(outside) do
  if tonumber(redis.call('HGET', tags, tag)) == count then reply[3] = reply[3] - 1 end
end
if string.find(wants, 's', 1, true) then
  local inside = sum
  for tag, count in pairs(outside) do inside = inside - (numberOf(tag) or 0) * count end
  reply[4] = string.format('%.17g', inside)
end
local own = tagOf(ARGV[2])
if own and string.find(wants, 'o', 1, true) then
  reply[5] = tonumber(redis.call('HGET', tags, own) or '0') - (outside[own] or 0)
end
if not string.find(wants, 't', 1, true) then return reply end
local all = redis.call('HGETALL', tags)
for index = 1, #all, 2 do
  local inside = tonumber(all[index + 1]) - (outside[all[index]] or 0)
  if inside > 0 then
    reply[#reply + 1] = all[index]
    reply[#reply + 1] = inside
  end
end
return reply
`;

/** `claimFiring`: ARGV end, member, until, ttl; the member is gone when another firing cleared the window. */
export const CLAIM = `${KEYS}${COOLING}
if cooling or not redis.call('ZSCORE', window, ARGV[2]) then return 0 end
redis.call('SET', cooldown, ARGV[3], 'PX', ARGV[4])
redis.call('DEL', window, tags, sumkey)
return 1
`;

/**
 * `recordUntilClose`: KEYS[5] the schedule; ARGV ts, member, '-inf', cap, ttl, then the close time and the
 * window's key (the schedule's member). 0, recording nothing, while cooling.
 */
export const RECORD_UNTIL_CLOSE = `${KEYS}${COOLING}
if cooling then return 0 end
${ADD_ENTRY}
redis.call('ZADD', KEYS[5], 'NX', ARGV[6], ARGV[7])
redis.call('PEXPIRE', KEYS[5], ARGV[5])
return 1
`;

/** `takeClosed`: KEYS[1] the schedule; ARGV until, limit. Replies key, close time pairs, each removed. */
export const TAKE_CLOSED = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
for index = 1, #due, 2 do redis.call('ZREM', KEYS[1], due[index]) end
return due
`;

/** `reopen`: KEYS[5] the schedule; ARGV close time, window length, the window's key, ttl. */
export const REOPEN = `${KEYS}
local before = '(' .. ARGV[1]
untag(redis.call('ZRANGEBYSCORE', window, '-inf', before))
redis.call('ZREMRANGEBYSCORE', window, '-inf', before)
saveSum(ARGV[4])
local oldest = redis.call('ZRANGE', window, 0, 0, 'WITHSCORES')
if oldest[2] then
  redis.call('ZADD', KEYS[5], 'NX', tonumber(oldest[2]) + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[5], ARGV[4])
end
`;

/**
 * `noteSeen`: KEYS the set (sorted set: score the member's latest event time) and its `since` (a string);
 * ARGV ts, member, historyMs, cap, ttl. Returns {1 if new else 0, since}.
 */
export const NOTE_SEEN = `
local set, sincekey = KEYS[1], KEYS[2]
local ts, member, history, cap, ttl = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local since = tonumber(redis.call('GET', sincekey) or ARGV[1])
if ts < since then since = ts end
redis.call('SET', sincekey, string.format('%.17g', since), 'PX', ttl)
local expired = ts - history
local last = redis.call('ZSCORE', set, member)
local new = 1
local keep = ts
if last then
  last = tonumber(last)
  if last > expired then new = 0 end
  if last > ts then keep = last end
end
redis.call('ZADD', set, string.format('%.17g', keep), member)
redis.call('ZREMRANGEBYSCORE', set, '-inf', string.format('%.17g', expired))
local over = redis.call('ZCARD', set) - cap
if over > 0 then redis.call('ZREMRANGEBYRANK', set, 0, over - 1) end
redis.call('PEXPIRE', set, ttl)
return {new, string.format('%.17g', since)}
`;

/** `noteKnownSince`: KEYS the set's `since`; ARGV since, ttl. Keeps the earlier time. */
export const NOTE_KNOWN_SINCE = `
local since = tonumber(ARGV[1])
local known = redis.call('GET', KEYS[1])
if known and tonumber(known) < since then since = tonumber(known) end
redis.call('SET', KEYS[1], string.format('%.17g', since), 'PX', ARGV[2])
`;
