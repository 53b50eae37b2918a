-- wrk script: every request asks for a random BENCH_SPAN-byte range of a BENCH_SIZE-byte object,
-- with BENCH_AUTH as the Authorization header when set.
local size = tonumber(os.getenv("BENCH_SIZE"))
local span = tonumber(os.getenv("BENCH_SPAN"))
local auth = os.getenv("BENCH_AUTH")

function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + (seed or 0))
end

request = function()
  local start = math.random(0, size - span - 1)
  local headers = { ["Range"] = "bytes=" .. start .. "-" .. (start + span - 1) }
  if auth and auth ~= "" then headers["Authorization"] = auth end
  return wrk.format("GET", nil, headers)
end
