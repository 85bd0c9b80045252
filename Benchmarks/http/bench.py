#!/usr/bin/env python3
"""`sched serve` beside the seed design's own stack (FastAPI and uvicorn, reference_app.py) on the
same database: requests per second and p99 latency under wrk, and the server's peak memory.

    Benchmarks/http/bench.py [--size 100000] [--duration 10] [--threads 2] [--connections 32]
                             [--workers 1,2] [--markdown]

One database of `--size` appointments is booked through sched (`sched run --atomic` of the
statements Benchmarks/schedule.py writes, from next Monday on, 16 a weekday); each server then
gets a copy of it of its own, so that the bookings of one run do not stand in the next one's way.
Two loads, each for `--duration` seconds, one after the other on the same server process:

- GET  /api/appointments?start=MONDAY&end=SUNDAY, a week of 80 appointments half a year in;
- POST /api/appointments, each request a free half hour of its own (wrk-post.lua), in 2060,
  past the seeded schedule, with working hours 00:00-24:00 every day.

Peak memory is VmHWM from /proc of the server (summed over uvicorn's processes). Both servers
log a line per request, sched to its standard error and uvicorn its access log, each to a file.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.dont_write_bytecode = True
import schedule  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
PASSWORD = "benchmark password"
POST_BASE = int(datetime.datetime(2060, 1, 5, tzinfo=datetime.timezone.utc).timestamp())


def fail(message):
    sys.exit(f"bench: {message}")


def need(tool, package):
    if shutil.which(tool) is None:
        fail(f"{tool} is not installed ({package})")


class Workspace:
    """A temporary directory with its own home and state folders, and TZ=UTC."""

    def __init__(self, sched):
        self.sched = sched
        self.dir = tempfile.mkdtemp(prefix="sched-bench-http-")
        self.env = dict(os.environ, HOME=self.dir, TZ="UTC", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1",
                        XDG_DATA_HOME=os.path.join(self.dir, "data"), XDG_STATE_HOME=os.path.join(self.dir, "state"))

    def path(self, name):
        return os.path.join(self.dir, name)

    def sched_run(self, db, *arguments, stdin=None):
        subprocess.run([self.sched, "--db", db, *arguments], env=self.env, check=True, stdin=stdin,
                       stdout=subprocess.DEVNULL)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def seed(workspace, size, seed_value):
    """The database every server gets a copy of, booked through sched; gives its path and the
    week to read."""
    db = workspace.path("seed.db")
    subprocess.run([workspace.sched, "--db", db, "init", "--user", "admin", "--password-stdin"],
                   input=PASSWORD + "\n", text=True, env=workspace.env, check=True, stdout=subprocess.DEVNULL)
    login = dict(workspace.env, SCHED_PASSWORD=PASSWORD)
    subprocess.run([workspace.sched, "--db", db, "--user", "admin", "-c",
                    'set timezone "UTC"; available mon-sun 00:00-24:00'],
                   env=login, check=True, stdout=subprocess.DEVNULL)
    first = schedule.monday_on_or_before(datetime.date.today()) + datetime.timedelta(weeks=1)
    script = workspace.path("seed.sched")
    with open(script, "w", encoding="utf-8") as out:
        out.writelines(schedule.sched_book(a) for a in schedule.appointments(size, seed_value, first))
    began = time.monotonic()
    subprocess.run([workspace.sched, "--db", db, "--user", "admin", "run", "--atomic", script],
                   env=login, check=True, stdout=subprocess.DEVNULL)
    print(f"seeded {size:,} appointments through sched in {time.monotonic() - began:.1f} s", flush=True)
    week = first + datetime.timedelta(weeks=26)
    return db, week


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            fail(f"the server stopped before it answered ({url})")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    fail(f"no answer from {url}")


class Server:
    """A server under test, started on a copy of the seed database."""

    def __init__(self, name, arguments, env, log, port=None, url=None):
        self.name = name
        self.log = open(log, "w", encoding="utf-8")
        # sched writes one line to its standard output; uvicorn writes its access log there.
        self.process = subprocess.Popen(arguments, env=env, stdout=subprocess.PIPE if url is None else self.log,
                                        stderr=self.log, text=True, start_new_session=True)
        if url is None:
            # sched says where it listens once it does: `sched serve: listening on http://…/`.
            line = self.process.stdout.readline()
            found = re.search(r"listening on (http://\S+?)/?$", line.strip())
            if not found:
                self.stop()
                fail(f"{name} did not say where it listens: {line!r}")
            url = found.group(1)
        self.url = url
        wait_for(self.url + "/api/appointments", self.process)

    def pids(self):
        """The server and its children (uvicorn's workers)."""
        pids = [self.process.pid]
        for pid in pids:
            try:
                with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as children:
                    pids += [int(child) for child in children.read().split()]
            except OSError:
                pass
        return pids

    def peak_mb(self):
        total = 0
        for pid in self.pids():
            try:
                with open(f"/proc/{pid}/status", encoding="ascii") as status:
                    for line in status:
                        if line.startswith("VmHWM:"):
                            total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


def login(url):
    request = urllib.request.Request(url + "/api/auth/login", method="POST",
                                     data=json.dumps({"username": "admin", "password": PASSWORD}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["access_token"]


def wrk(url, script, args, env):
    """Requests per second, p99 in seconds, and the answers that were not 2xx."""
    # wrk leaves a request slower than its timeout (2 s unless told) out of the latencies.
    result = subprocess.run(["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.duration}s",
                             "--timeout", "30s", "--latency", "-s", os.path.join(HERE, script), url],
                            env=env, check=True, capture_output=True, text=True)
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0}[p99.group(2)]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rate": rate, "p99": float(p99.group(1)) * scale, "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "socket_errors": errors.group(0) if errors else None, "output": out}


def measure(server, token, week, args, workspace):
    env = dict(workspace.env, SCHED_TOKEN=token, WRK_THREADS=str(args.threads), POST_BASE=str(POST_BASE))
    sunday = week + datetime.timedelta(days=6)
    get_url = f"{server.url}/api/appointments?start={week}&end={sunday}"
    with urllib.request.urlopen(urllib.request.Request(get_url, headers={"Authorization": f"Bearer {token}"})) as a:
        count = len(json.load(a))
    # A short run first, so neither side is measured while it warms up.
    wrk(get_url, "wrk-get.lua", argparse.Namespace(**dict(vars(args), duration=2)), env)
    results = {"count": count, "get": wrk(get_url, "wrk-get.lua", args, env)}
    results["post"] = wrk(server.url + "/api/appointments", "wrk-post.lua", args, env)
    results["peak"] = server.peak_mb()
    for load in ("get", "post"):
        result = results[load]
        print(f"{server.name:<22} {load.upper():<4} {result['rate']:>10,.0f}/s   p99 {result['p99'] * 1000:8.2f} ms"
              f"   non-2xx {result['non_2xx']}" + (f"   {result['socket_errors']}" if result["socket_errors"] else ""),
              flush=True)
    print(f"{server.name:<22} peak RSS {results['peak']:.1f} MB; GET answers {count} appointments", flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sched", help="the sched binary (default: .build/release/sched)")
    parser.add_argument("--size", type=int, default=100_000, help="appointments in the database")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--duration", type=int, default=10, help="seconds of each load")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--workers", default="1,2", help="uvicorn worker counts to run")
    parser.add_argument("--markdown", action="store_true", help="print the results as a Markdown table too")
    args = parser.parse_args()
    need("wrk", "apt-get install wrk")
    need("uvicorn", "pip install fastapi uvicorn")
    sched = os.path.abspath(args.sched or os.path.join(ROOT, ".build", "release", "sched"))
    if not os.path.exists(sched):
        fail(f"no sched binary at {sched} (swift build -c release --static-swift-stdlib --product sched)")
    workers = [int(count) for count in args.workers.split(",") if count]

    workspace = Workspace(sched)
    servers = []
    try:
        seed_db, week = seed(workspace, args.size, args.seed)
        # One token for every copy: a session of the seed database, made by sched serve's login.
        server = Server("login", [sched, "--db", seed_db, "serve", "--port", "0"], workspace.env,
                        workspace.path("login.log"))
        servers.append(server)
        token = login(server.url)
        server.stop()
        servers.remove(server)
        # Everything into the file itself, so that a copy of the file alone is the whole database.
        with sqlite3.connect(seed_db) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        runs = [("sched serve", None)] + [(f"uvicorn, {count} worker{'s' if count > 1 else ''}", count)
                                          for count in workers]
        results = {}
        for name, count in runs:
            db = workspace.path(f"run-{len(results)}.db")
            shutil.copyfile(seed_db, db)
            if count is None:
                arguments = [sched, "--db", db, "serve", "--port", "0"]
                server = Server(name, arguments, workspace.env, workspace.path("sched-serve.log"))
            else:
                port = free_port()
                arguments = ["uvicorn", "reference_app:app", "--app-dir", HERE, "--host", "127.0.0.1",
                             "--port", str(port), "--workers", str(count)]
                server = Server(name, arguments, dict(workspace.env, SCHED_DB=db),
                                workspace.path(f"uvicorn-{count}.log"), url=f"http://127.0.0.1:{port}")
            servers.append(server)
            results[name] = measure(server, token, week, args, workspace)
            server.stop()
            servers.remove(server)
        table(results, args)
    finally:
        for server in servers:
            server.stop()
        workspace.cleanup()


def table(results, args):
    names = list(results)
    sched = results[names[0]]
    count = sched["count"]
    rows = [
        (f"GET a week ({count} appts of {args.size:,}): requests/s", lambda r: r["get"]["rate"], "{:,.0f}/s"),
        ("GET a week: p99", lambda r: r["get"]["p99"] * 1000, "{:.2f} ms"),
        ("POST a free slot: requests/s", lambda r: r["post"]["rate"], "{:,.0f}/s"),
        ("POST a free slot: p99", lambda r: r["post"]["p99"] * 1000, "{:.2f} ms"),
        ("peak RSS (VmHWM)", lambda r: r["peak"], "{:.1f} MB"),
    ]
    header = ["benchmark", *names, f"sched / {names[1]}" if len(names) > 1 else ""]
    lines = [header]
    for label, value, shown in rows:
        line = [label] + [shown.format(value(results[name])) for name in names]
        if len(names) > 1:
            line.append(f"{value(sched) / value(results[names[1]]):.2f}×")
        lines.append(line)
    print()
    print(f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, loopback, {os.cpu_count()} cores")
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)))
    for name in names:
        for load in ("get", "post"):
            if results[name][load]["non_2xx"]:
                print(f"warning: {name} answered {results[name][load]['non_2xx']} {load.upper()} requests with "
                      "a status other than 2xx", file=sys.stderr)
    if args.markdown:
        print()
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for line in lines[1:]:
            print("| " + " | ".join(line) + " |")


if __name__ == "__main__":
    main()
