-- GET with the bearer token of the benchmark's session (SCHED_TOKEN).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("SCHED_TOKEN")
