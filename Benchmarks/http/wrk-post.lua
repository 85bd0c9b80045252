-- POST /api/appointments, every request a half hour of its own, so that none is refused as a
-- conflict: thread t of n books slots t, t + n, t + 2n, … from POST_BASE (seconds, UTC), each
-- 15 minutes long and 30 minutes after the one before, inside working hours of 00:00-24:00.
local threads = 0

function setup(thread)
   thread:set("id", threads)
   threads = threads + 1
end

function init(args)
   step = tonumber(os.getenv("WRK_THREADS"))
   base = tonumber(os.getenv("POST_BASE"))
   counter = 0
   wrk.method = "POST"
   wrk.headers["Authorization"] = "Bearer " .. os.getenv("SCHED_TOKEN")
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   local slot = counter * step + id
   counter = counter + 1
   local start = os.date("!%Y-%m-%dT%H:%M:%SZ", base + slot * 1800)
   return wrk.format(nil, nil, nil,
      '{"customer_name": "Load ' .. slot .. '", "start_time": "' .. start .. '", "duration_minutes": 15}')
end
