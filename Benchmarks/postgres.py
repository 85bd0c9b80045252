#!/usr/bin/env python3
"""The PostgreSQL store beside the SQLite store, on the same machine in the same run.

    Benchmarks/postgres.py                     # all three, at the sizes the issue names
    Benchmarks/postgres.py list --size 100000  # one part, smaller
    Benchmarks/postgres.py http --servers 1,2 --duration 5

- list: `sched -c 'list next week'` on 1,000,000 appointments (`--size`), connection and all,
  on PostgreSQL beside the same appointments in a SQLite file (hyperfine medians).
- bulk: 100,000 `book` statements (`--bulk`) in one `sched run --atomic`, on both stores, each
  on a fresh database (the median of `--runs`).
- http: POST /api/appointments through 1, 2 and 4 `sched serve` processes (`--servers`) on one
  PostgreSQL database, every request a free slot of its own (http/wrk-post.lua, one wrk per
  server, `--connections` split between them); beside one server on a SQLite file.

The cluster is a throwaway one (Tests/Postgres/cluster.sh: fsync off, as the tests run it);
sched is the release build beside sched-serve (`--sched`).
"""

import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import schedule  # noqa: E402

CLUSTER = os.path.join(bench.ROOT, "Tests", "Postgres", "cluster.sh")
NOW = bench.NOW


class Cluster:
    def __init__(self, directory):
        # Beside the private directory, not in it: as root the server runs as `postgres`, which
        # must reach its files.
        self.dir = directory + "-cluster"
        out = subprocess.run([CLUSTER, "start", self.dir, str(os.getpid())], check=True, capture_output=True, text=True)
        self.url = out.stdout.strip().splitlines()[-1]

    def database(self, name):
        subprocess.run(["psql", self.url, "-X", "-q", "-c", f"CREATE DATABASE {name}"], check=True)
        return self.url.replace("/sched?", f"/{name}?")

    def stop(self):
        subprocess.run([CLUSTER, "stop", self.dir], capture_output=True)


def fill_postgres(workspace, url, appointments):
    """The appointments as sched stores them, copied straight into the table."""
    rows = workspace.write("fill.tsv", (
        f"{a.number}\t{a.id}\t{a.name}\t{a.epoch}\t{a.minutes}\t{NOW}\n" for a in appointments))
    with open(rows, encoding="utf-8") as source:
        subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", f"""
            CREATE TEMP TABLE fill (number bigint, id uuid, name text, start bigint, minutes int, made bigint);
            COPY fill FROM STDIN;
            INSERT INTO appointments (number, id, customer_name, start_utc, duration_minutes, end_utc, status,
                                      sequence, created_at, updated_at)
            SELECT number, id, name, to_timestamp(start), minutes, to_timestamp(start + minutes * 60), 'booked', 0,
                   to_timestamp(made), to_timestamp(made) FROM fill;
            ANALYZE appointments;"""], stdin=source, check=True, stdout=subprocess.DEVNULL)


def part_list(args, sched, cluster):
    workspace = bench.Workspace(sched, "pg-list")
    try:
        appointments = list(schedule.appointments(args.size, args.seed,
                                                  schedule.centred_start(args.size, datetime.date.today())))
        for number, appointment in enumerate(appointments, start=1):
            appointment.number = number
        workspace.init()
        workspace.fill(appointments)
        url = cluster.database("list")
        subprocess.run([sched, "--db", url, "init", "--user", "bench"], env=dict(workspace.env, SCHED_PASSWORD=bench.PASSWORD),
                       check=True, stdout=subprocess.DEVNULL)
        fill_postgres(workspace, url, appointments)
        medians = bench.hyperfine(workspace, {
            "postgres": f"{sched} --db {url} -c 'list next week'",
            "sqlite": f"{sched} --db {workspace.db} -c 'list next week'",
        }, runs=args.runs)
        bench.report(f"list next week, {args.size:,} appts, PostgreSQL", medians["postgres"], "SQLite file",
                     medians["sqlite"], "< 20 ms", medians["postgres"] < 0.020)
    finally:
        workspace.cleanup()


def part_bulk(args, sched, cluster):
    workspace = bench.Workspace(sched, "pg-bulk")
    try:
        first = schedule.monday_on_or_before(datetime.date.today()) + datetime.timedelta(weeks=1)
        script = workspace.write("book.sched", (schedule.sched_book(a) for a in
                                                schedule.appointments(args.bulk, args.seed, first)))
        env = dict(workspace.env, SCHED_PASSWORD=bench.PASSWORD)
        times = {"postgres": [], "sqlite": []}
        for run in range(args.runs):
            url = cluster.database(f"bulk{run}")
            database = workspace.path(f"bulk{run}.db")
            for name, location in (("postgres", url), ("sqlite", database)):
                subprocess.run([sched, "--db", location, "init", "--user", "bench"], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                began = time.perf_counter()
                subprocess.run([sched, "--db", location, "run", "--atomic", script], env=env, check=True,
                               stdout=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - began)
        postgres, sqlite = (sorted(times[n])[len(times[n]) // 2] for n in ("postgres", "sqlite"))
        bench.report(f"bulk: {args.bulk:,} book, --atomic, PostgreSQL", postgres, "SQLite file", sqlite,
                     "≤ 2× SQLite", postgres <= 2 * sqlite, unit="s")
    finally:
        workspace.cleanup()


def serve(sched, location, env):
    process = subprocess.Popen([os.path.join(os.path.dirname(sched), "sched-serve"), "--db", location, "--port", "0"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    match = re.search(r"(http://[\d.]+:\d+)/", process.stdout.readline())
    if not match:
        bench.fail("sched-serve did not start")
    return process, match.group(1)


def token(url):
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port))
    connection.request("POST", "/api/auth/login", body=json.dumps({"username": "bench", "password": bench.PASSWORD}),
                       headers={"Content-Type": "application/json"})
    return json.loads(connection.getresponse().read())["access_token"]


def post_rate(urls, access, args, env):
    """Requests per second summed over one wrk per server, and the answers that were not 2xx."""
    base = int(datetime.datetime(2060, 1, 5, tzinfo=datetime.timezone.utc).timestamp())
    connections = max(1, args.connections // len(urls))
    runs = []
    for index, url in enumerate(urls):
        # Each wrk books in a year of its own, so that no two ask for the same slot.
        wrk_env = dict(env, SCHED_TOKEN=access, WRK_THREADS="1", POST_BASE=str(base + index * 366 * 86400))
        runs.append(subprocess.Popen(["wrk", "-t", "1", "-c", str(connections), "-d", f"{args.duration}s",
                                      "--timeout", "30s", "-s", os.path.join(HERE, "http", "wrk-post.lua"),
                                      url + "/api/appointments"], env=wrk_env, stdout=subprocess.PIPE, text=True))
    rate, non_2xx = 0.0, 0
    for run in runs:
        out = run.communicate()[0]
        rate += float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        found = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        non_2xx += int(found.group(1)) if found else 0
    return rate, non_2xx


def part_http(args, sched, cluster):
    bench.need("wrk", "wrk")
    workspace = bench.Workspace(sched, "pg-http")
    env = dict(workspace.env, SCHED_PASSWORD=bench.PASSWORD)
    try:
        rates = {}
        locations = {"sqlite 1": workspace.path("http.db")}
        for count in args.servers:
            locations[f"postgres {count}"] = cluster.database(f"http{count}")
        for name, location in locations.items():
            subprocess.run([sched, "--db", location, "init", "--user", "bench"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            subprocess.run([sched, "--db", location, "-c", "available mon-sun 00:00-24:00"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            servers = [serve(sched, location, env) for _ in range(int(name.split()[1]))]
            try:
                access = token(servers[0][1])
                rates[name] = post_rate([url for _, url in servers], access, args, env)
            finally:
                for process, _ in servers:
                    process.terminate()
                    process.wait()
        one = rates[f"postgres {args.servers[0]}"][0]
        for name, (rate, non_2xx) in rates.items():
            print(f"http: POST /api/appointments, {name:<11} server(s)  {rate:8.0f} req/s"
                  f"   ×{rate / one:4.2f} of {args.servers[0]} PostgreSQL server(s)"
                  + (f"   {non_2xx} answers not 2xx" if non_2xx else ""))
    finally:
        workspace.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", nargs="?", choices=["list", "bulk", "http", "all"], default="all")
    parser.add_argument("--sched", help="the sched binary (default: the release build)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--size", type=int, default=1_000_000, help="list: appointments")
    parser.add_argument("--bulk", type=int, default=100_000, help="bulk: book statements")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--servers", default="1,2,4", help="http: how many servers, each figure")
    parser.add_argument("--connections", type=int, default=32, help="http: wrk connections in all")
    parser.add_argument("--duration", type=int, default=10, help="http: seconds of load")
    args = parser.parse_args()
    args.servers = [int(count) for count in args.servers.split(",")]
    sched = bench.sched_binary(args.sched)
    if not os.access(os.path.join(os.path.dirname(sched), "sched-serve"), os.X_OK):
        bench.fail(f"no sched-serve beside {sched}")
    directory = tempfile.mkdtemp(prefix="sched-bench-pg-")
    cluster = Cluster(directory)
    try:
        for part, run in (("list", part_list), ("bulk", part_bulk), ("http", part_http)):
            if args.part in (part, "all"):
                run(args, sched, cluster)
    finally:
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
