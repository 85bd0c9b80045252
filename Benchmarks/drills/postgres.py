#!/usr/bin/env python3
"""Several `sched serve` processes on one PostgreSQL database, many clients booking at once.

    python3 Benchmarks/drills/postgres.py                       # 4 servers, 200 clients, 60 s
    python3 Benchmarks/drills/postgres.py --restart-at 20       # PostgreSQL restarted 20 s in
    python3 Benchmarks/drills/postgres.py --servers 2 --clients 50 --seconds 10 --seed 7

A throwaway cluster (Tests/Postgres/cluster.sh) holds the database; `sched init` makes its user
and opens every hour of every day; then `--servers` sched-serve processes serve it, and
`--clients` threads book random slots (15 to 90 minutes on a 15-minute grid over `--days` days,
so that they collide) round-robin over the servers, all with one bearer token. Checks afterwards:

- no two booked appointments overlap (a self-join on `appointments`, in SQL);
- every booking answered 201 is in the database, booked, once, with the answer's number;
- no answer was a 5xx, but for 503 while PostgreSQL was down (`--restart-at`: from the halt until
  `--grace` seconds after it is back), and every server answered from the database again
  (201, 409 or 400) once it was back;
- the only refusals are 409 (the slot is taken) and 400 (a booking that crosses midnight).
"""

import argparse
import datetime
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

CLUSTER = os.path.join(common.ROOT, "Tests", "Postgres", "cluster.sh")


def beside(sched, name):
    path = os.path.join(os.path.dirname(sched), name)
    if not os.access(path, os.X_OK):
        sys.exit(f"no {name} beside {sched}; build it (swift build -c release --static-swift-stdlib --product {name})")
    return path


def start_servers(serve, url, count, environment):
    servers = []
    for _ in range(count):
        process = subprocess.Popen([serve, "--db", url, "--port", "0"], env=environment,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = process.stdout.readline()
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        if not match:
            sys.exit(f"sched-serve did not start: {line!r}")
        servers.append((process, match.group(1), int(match.group(2))))
    return servers


def request(connection, method, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.booked = {}            # id -> (number, start, minutes)
        self.statuses = {}
        self.problems = []
        self.answered_after_resume = set()
        self.down = None            # (halted at, resumed at) in time.monotonic()

    def add(self, status, server, answer, when):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status in (201, 400, 409) and self.down and self.down[1] and when > self.down[1]:
                # The server read the database to answer: it is working again.
                self.answered_after_resume.add(server)
            if status == 201:
                if answer["id"] in self.booked:
                    self.problems.append(f"id {answer['id']} answered 201 twice")
                self.booked[answer["id"]] = (answer["number"], answer["start_time"], answer["duration_minutes"])
            elif status == 503 and self.during_restart(when):
                pass
            elif status not in (400, 409):
                self.problems.append(f"server {server} answered {status}: {answer}")

    def during_restart(self, when):
        if not self.down:
            return False
        halted, resumed = self.down
        return when >= halted and (resumed is None or when <= resumed + ARGS.grace)


def client(index, servers, token, deadline, tally, seed):
    rng = random.Random(seed * 1000 + index)
    first = datetime.date.today() + datetime.timedelta(days=2)
    connections = {}
    while time.monotonic() < deadline:
        server = rng.randrange(len(servers))
        _, host, port = servers[server]
        day = first + datetime.timedelta(days=rng.randrange(ARGS.days))
        minute = rng.randrange(24 * 4) * 15
        start = f"{day.isoformat()}T{minute // 60:02d}:{minute % 60:02d}:00Z"
        body = {"customer_name": f"Client {index}", "start_time": start, "duration_minutes": rng.choice([15, 30, 45, 60, 90])}
        try:
            connection = connections.get(server) or http.client.HTTPConnection(host, port, timeout=30)
            connections[server] = connection
            status, data = request(connection, "POST", "/api/appointments", token, body)
            answer = json.loads(data) if data else {}
        except (OSError, http.client.HTTPException, ValueError) as error:
            connections.pop(server, None)
            status, answer = 0, {"error": str(error)}
        tally.add(status, server, answer, time.monotonic())


def psql(url, sql):
    result = subprocess.run(["psql", url, "-X", "-A", "-t", "-c", sql], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"psql failed: {result.stderr}")
    return result.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.sched_argument(parser)
    parser.add_argument("--servers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--days", type=int, default=3, help="days the bookings fall on")
    parser.add_argument("--restart-at", type=float, help="halt PostgreSQL this many seconds in, for --down seconds")
    parser.add_argument("--down", type=float, default=3)
    parser.add_argument("--grace", type=float, default=2, help="seconds after the restart a 503 is still expected")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    global ARGS
    ARGS = parser.parse_args()
    sched = common.checked_sched(ARGS.sched)
    serve = beside(sched, "sched-serve")
    directory = tempfile.mkdtemp(prefix="sched-pg-drill-")
    # Beside the private directory, not in it: as root the server runs as `postgres`, which
    # must reach its files.
    cluster = directory + "-cluster"
    servers = []
    try:
        url = subprocess.run([CLUSTER, "start", cluster, str(os.getpid())], check=True, capture_output=True,
                             text=True).stdout.strip().splitlines()[-1]
        environment = common.sandbox_environment(directory, url)
        common.prepare(sched, environment)
        servers = start_servers(serve, url, ARGS.servers, environment)
        _, host, port = servers[0]
        status, data = request(http.client.HTTPConnection(host, port), "POST", "/api/auth/login",
                               body={"username": "admin", "password": common.PASSWORD})
        if status != 200:
            sys.exit(f"login failed: {status} {data!r}")
        token = json.loads(data)["access_token"]
        tally = Tally()
        began = time.monotonic()
        deadline = began + ARGS.seconds
        threads = [threading.Thread(target=client, args=(i, servers, token, deadline, tally, ARGS.seed))
                   for i in range(ARGS.clients)]
        for thread in threads:
            thread.start()
        if ARGS.restart_at is not None:
            time.sleep(max(0, began + ARGS.restart_at - time.monotonic()))
            tally.down = (time.monotonic(), None)
            subprocess.run([CLUSTER, "halt", cluster], check=True)
            time.sleep(ARGS.down)
            subprocess.run([CLUSTER, "resume", cluster], check=True)
            tally.down = (tally.down[0], time.monotonic())
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began

        problems = list(tally.problems)
        overlaps = psql(url, """
            SELECT count(*) FROM appointments a JOIN appointments b
              ON a.number < b.number AND a.status = 'booked' AND b.status = 'booked'
             AND a.start_utc < b.end_utc AND b.start_utc < a.end_utc""")
        if overlaps != "0":
            problems.append(f"{overlaps} pairs of booked appointments overlap")
        stored = {}
        for line in psql(url, "SELECT id, number, status FROM appointments").splitlines():
            identifier, number, state = line.split("|")
            stored[identifier] = (int(number), state)
        for identifier, (number, _, _) in tally.booked.items():
            if identifier not in stored:
                problems.append(f"booking {identifier} (#{number}) answered 201 but is not stored")
            elif stored[identifier] != (number, "booked"):
                problems.append(f"booking {identifier} answered #{number} but is stored as {stored[identifier]}")
        unanswered = set(stored) - set(tally.booked)
        if ARGS.restart_at is not None:
            missing = set(range(len(servers))) - tally.answered_after_resume
            if missing:
                problems.append(f"servers {sorted(missing)} answered nothing but 503 after PostgreSQL was back")
        for process, _, _ in servers:
            if process.poll() is not None:
                problems.append(f"a server exited with {process.returncode}")
        counts = ", ".join(f"{status}: {count}" for status, count in sorted(tally.statuses.items()))
        print(f"{ARGS.servers} servers, {ARGS.clients} clients, {elapsed:.1f} s: {sum(tally.statuses.values())} "
              f"requests ({counts}); {len(tally.booked)} booked, {len(stored)} stored"
              + (f", {len(unanswered)} stored without a 201 (their answer was lost)" if unanswered else ""))
        return common.verdict(problems, "PASS: no overlap, every 201 stored once, no unexpected 5xx")
    finally:
        for process, _, _ in servers:
            process.terminate()
        for process, _, _ in servers:
            process.wait()
        subprocess.run([CLUSTER, "stop", cluster], capture_output=True)
        common.clean_up(directory, ARGS.keep)


ARGS = None

if __name__ == "__main__":
    sys.exit(main())
