// The Lua scripts of `RedisWindowStore`. Each runs atomically in Redis, so evaluations of one key on several
// nodes never interleave inside them. KEYS: the window (sorted set: score ts, member event id, or event id,
// "\u001f" and tag), the cooldown deadline, and the window's tag counts (hash: tag → entries carrying it),
// kept by every add, eviction and clear so that a tally never reads the whole window.

const KEYS = `
local window, cooldown, tags = KEYS[1], KEYS[2], KEYS[3]
local function tagOf(member)
  local at = string.find(member, '\\31', 1, true)
  if at then return string.sub(member, at + 1) end
end
local function untag(members)
  for _, member in ipairs(members) do
    local tag = tagOf(member)
    if tag and redis.call('HINCRBY', tags, tag, -1) <= 0 then redis.call('HDEL', tags, tag) end
  end
end
`;
// ARGV: ts, member, evictBefore, cap, ttl.
const ADD_ENTRY = `
if redis.call('ZADD', window, ARGV[1], ARGV[2]) == 1 and tagOf(ARGV[2]) then
  redis.call('HINCRBY', tags, tagOf(ARGV[2]), 1)
end
untag(redis.call('ZRANGEBYSCORE', window, '-inf', ARGV[3]))
redis.call('ZREMRANGEBYSCORE', window, '-inf', ARGV[3])
local over = redis.call('ZCARD', window) - tonumber(ARGV[4])
if over > 0 then
  untag(redis.call('ZRANGE', window, 0, over - 1))
  redis.call('ZREMRANGEBYRANK', window, 0, over - 1)
end
redis.call('PEXPIRE', window, ARGV[5])
redis.call('PEXPIRE', tags, ARGV[5])
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
 * `recordAndTally`: ARGV as `ADD` (evictBefore = ts − window), then the window's length and '1' for the
 * tag counts. Replies end, count, distinct tags, then tag, count pairs when asked; nil while cooling.
 */
export const TALLY = `${KEYS}${COOLING}${TAGS_OUTSIDE}
if cooling then return false end
${ADD_ENTRY}
local width = tonumber(ARGV[6])
local finish = tonumber(ARGV[1])
local newest = redis.call('ZREVRANGEBYSCORE', window, finish + width - 1, '-inf', 'WITHSCORES', 'LIMIT', 0, 1)
if newest[2] and tonumber(newest[2]) > finish then finish = tonumber(newest[2]) end
local reply = {finish, redis.call('ZCOUNT', window, '(' .. (finish - width), finish), redis.call('HLEN', tags)}
if reply[3] == 0 then return reply end
local outside = tagsOutside(finish, width)
for tag, count in pairs(outside) do
  if tonumber(redis.call('HGET', tags, tag)) == count then reply[3] = reply[3] - 1 end
end
if ARGV[7] ~= '1' then return reply end
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
redis.call('DEL', window, tags)
return 1
`;
