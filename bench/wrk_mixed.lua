-- SPDX-License-Identifier: Apache-2.0
-- wrk script for the soak (bench/soak.sh): a mix of what a register's
-- clients do, from a file of request lines and new persons made here.
-- From the environment:
--   BENCH_WRK_MIX     a file of lines METHOD<TAB>TARGET<TAB>TOKEN[<TAB>BODY]
--   BENCH_WRK_ADMIN   the admin's token, for the writes
--   BENCH_WRK_ORG     the organization of the persons written
--   BENCH_WRK_WRITES  one request in this many is a write (0: none): a
--                     change to one of the persons soak-0 .. soak-99 (made
--                     beforehand), so the register's records stay as many
--                     while its audit log grows
-- Lines are formatted once per thread and sent round-robin; threads start
-- at different places.  Non-2xx answers are counted by wrk.
local file = os.getenv("BENCH_WRK_MIX")
local admin = os.getenv("BENCH_WRK_ADMIN") or ""
local org = os.getenv("BENCH_WRK_ORG") or ""
local every = tonumber(os.getenv("BENCH_WRK_WRITES") or "0")
local reqs = {}
local next_req = 0
local sent = 0
local made = 0
local thread_no = 0

function setup(thread)
   thread:set("thread_no", thread_no)
   thread_no = thread_no + 1
end

function init(args)
   for line in io.lines(file) do
      local m, t, tok, body = line:match("^(%u+)\t([^\t]+)\t([^\t]*)\t?(.*)$")
      if m then
         local h = { ["Authorization"] = "Bearer " .. tok }
         if body ~= "" then
            h["Content-Type"] = "application/json"
            reqs[#reqs + 1] = wrk.format(m, t, h, body)
         else
            reqs[#reqs + 1] = wrk.format(m, t, h)
         end
      end
   end
   thread_no = tonumber(wrk.thread:get("thread_no")) or 0
   next_req = (thread_no * 7919) % #reqs
end

function request()
   sent = sent + 1
   if every > 0 and sent % every == 0 then
      made = made + 1
      local id = string.format("soak-%d", (thread_no * 37 + made) % 100)
      local body = string.format(
         '{"id":"%s","name":"負荷 太郎","name_latin":"FUKA Taro %d",' ..
         '"birth_date":"1980-01-01","nationalities":["JPN"],"org":"%s"}',
         id, made % 1000, org)
      return wrk.format("PUT", "/v1/persons/" .. id, {
         ["Authorization"] = "Bearer " .. admin,
         ["Content-Type"] = "application/json",
      }, body)
   end
   next_req = next_req % #reqs + 1
   return reqs[next_req]
end
