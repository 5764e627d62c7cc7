-- Sign POSTs from wrk, for bench/load.py: what an independent load test with a light, compiled
-- load generator sees. POST only (no page load), a distinct valid signature each time, the
-- client address given as a trusted proxy would. bench/load.py sets the environment:
--   BENCH_PATH    the campaign page's path (the form posts to it)
--   BENCH_ORIGIN  the site's origin, sent as Origin (a cross-site POST is refused)
--   BENCH_ZIPS    comma-separated ZIP codes in exactly one district
--   BENCH_RUN     a run identifier, so addresses never repeat across runs
local path = os.getenv("BENCH_PATH") or "/"
local origin = os.getenv("BENCH_ORIGIN") or ""
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local zips = {}
for zip in string.gmatch(os.getenv("BENCH_ZIPS") or "94110", "[^,]+") do
  zips[#zips + 1] = zip
end

local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local counter = 0
function request()
  counter = counter + 1
  local body = "first_name=Wrk" .. counter .. "&last_name=Signer&email=w" .. run .. "-" .. id
    .. "-" .. counter .. "%40d" .. (counter % 500) .. ".bench.example&zip_code="
    .. zips[counter % #zips + 1]
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    -- 250 addresses per thread from the benchmarking range (RFC 2544), as bench/load.py's users
    ["X-Forwarded-For"] = "198.19." .. id .. "." .. (counter % 250 + 1),
    ["Origin"] = origin,
  }
  return wrk.format("POST", path, headers, body)
end
