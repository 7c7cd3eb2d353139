-- SPDX-License-Identifier: Apache-2.0
-- wrk script for authenticated GETs (bench/run.sh, section "vetting").
-- From the environment:
--   BENCH_WRK_TOKEN   a session token or API key (Bearer)
--   BENCH_WRK_PATHS   a file of request targets, one a line
--                     ("/v1/cases?limit=50", "/v1/cases?limit=50&after=C-...")
-- Requests are formatted once per thread, then sent round-robin; threads
-- start at different places in the list.
local token = os.getenv("BENCH_WRK_TOKEN") or ""
local file = os.getenv("BENCH_WRK_PATHS")
local reqs = {}
local next_req = 0
local thread_no = 0

function setup(thread)
   thread:set("thread_no", thread_no)
   thread_no = thread_no + 1
end

function init(args)
   local headers = { ["Authorization"] = "Bearer " .. token }
   for line in io.lines(file) do
      if line ~= "" then reqs[#reqs + 1] = wrk.format("GET", line, headers) end
   end
   next_req = ((tonumber(wrk.thread:get("thread_no")) or 0) * 7919) % #reqs
end

function request()
   next_req = next_req % #reqs + 1
   return reqs[next_req]
end
