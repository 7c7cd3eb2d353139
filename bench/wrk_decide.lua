-- SPDX-License-Identifier: Apache-2.0
-- wrk script for POST /v1/decisions (bench/run.sh).  From the environment:
--   BENCH_WRK_KEY       the relying system's API key (Bearer)
--   BENCH_WRK_QUERIES   a file of query lines {"subject","item","at"}
--   BENCH_WRK_MAXQ      how many of its lines to use (default 20000)
--   BENCH_WRK_BATCH     0: one query per request; N: arrays of N queries
--   BENCH_WRK_DELAY_MS  pause per connection between requests (pacing)
-- Requests are formatted once per thread, then sent round-robin.
local key = os.getenv("BENCH_WRK_KEY") or ""
local file = os.getenv("BENCH_WRK_QUERIES")
local maxq = tonumber(os.getenv("BENCH_WRK_MAXQ") or "20000")
local batch = tonumber(os.getenv("BENCH_WRK_BATCH") or "0")
local pause = tonumber(os.getenv("BENCH_WRK_DELAY_MS") or "0")
local reqs = {}
local next_req = 0
local thread_no = 0

function setup(thread)
   thread:set("thread_no", thread_no)
   thread_no = thread_no + 1
end

function init(args)
   local lines = {}
   for line in io.lines(file) do
      if line ~= "" then lines[#lines + 1] = line end
      if #lines >= maxq then break end
   end
   local headers = {
      ["Authorization"] = "Bearer " .. key,
      ["Content-Type"] = "application/json",
   }
   if batch > 0 then
      for i = 1, #lines - batch + 1, batch do
         local body = "[" .. table.concat(lines, ",", i, i + batch - 1) .. "]"
         reqs[#reqs + 1] = wrk.format("POST", nil, headers, body)
      end
   else
      for i = 1, #lines do
         reqs[#reqs + 1] = wrk.format("POST", nil, headers, lines[i])
      end
   end
   -- threads start at different places in the list
   next_req = ((tonumber(wrk.thread:get("thread_no")) or 0) * 7919) % #reqs
end

function request()
   next_req = next_req % #reqs + 1
   return reqs[next_req]
end

if pause > 0 then
   function delay()
      return pause
   end
end
