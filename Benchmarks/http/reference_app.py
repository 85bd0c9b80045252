"""The reference for `sched serve`: the seed design's own stack (FastAPI, Pydantic, uvicorn) serving
two of its endpoints from sched's SQLite file.

    SCHED_DB=/path/sched.db uvicorn reference_app:app --port 8001 [--workers 2]

- `GET /api/appointments?start=&end=`: booked appointments in a range, sorted by start.
- `POST /api/appointments`: books one, with sched's checks in sched's order (duration, past,
  inside one window of working hours, overlap with a booked appointment: 409 `Time slot is
  already booked`), in one `BEGIN IMMEDIATE` transaction as sched does.

It reads and writes sched's tables as sched does (SQLiteStore+Migrations.swift): instants are
whole UTC seconds in `start_utc`, `created_at` and `updated_at`; ids are lowercase UUIDs; the home
zone and the default duration are rows of `settings`; a booking adds its words to
`appointment_words`, so sched's `find` sees it. A bearer token is checked the seed's way, as
a dependency of each endpoint, against sched's `sessions` table, which keeps the SHA-256 of each
token: a token from `POST /api/auth/login` of `sched serve` works here too.

Left out, as the benchmark needs none of them: the booking rules (buffers, notice, limits; off
unless set), repeating series, the undo journal and the Cal.com outbox. SQLite is used through
the standard library rather than SQLAlchemy, which can only make the reference faster.
"""

import datetime
import hashlib
import os
import re
import sqlite3
import threading
import time
import unicodedata
import uuid
import zoneinfo
from typing import Annotated, List, Optional

from fastapi import Depends, FastAPI, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr

DATABASE = os.environ.get("SCHED_DB", "sched.db")
APPOINTMENT_COLUMNS = ("id, number, customer_name, start_utc, duration_minutes, note, email, status, "
                       "calcom_booking_uid, created_at, updated_at, series_id, occurrence_start")
END_OF_TIME = 253402300799  # 9999-12-31T23:59:59Z, where sched's open ranges end
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class APIError(Exception):
    """A refusal with sched's error body: `{"status", "message", "field"?}`."""

    def __init__(self, status, message, field=None):
        self.status = status
        self.message = message
        self.field = field


# MARK: - The database

_local = threading.local()


def connection():
    """One connection a thread: FastAPI runs plain `def` endpoints on a thread pool, and a
    sqlite3 connection belongs to the thread that opened it."""
    db = getattr(_local, "db", None)
    if db is None:
        db = sqlite3.connect(DATABASE, isolation_level=None, timeout=5)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        _local.db = db
    return db


class Home:
    """The settings a request needs, read once per request."""

    def __init__(self, db):
        values = dict(db.execute("SELECT key, value FROM settings WHERE key IN ('timezone', 'default_duration')"))
        self.zone = zoneinfo.ZoneInfo(values.get("timezone", "UTC"))
        self.default_duration = int(values.get("default_duration") or 30)

    def iso(self, seconds):
        """sched's form: whole seconds, the home zone's offset (`+00:00`, never `Z`)."""
        return datetime.datetime.fromtimestamp(seconds, self.zone).isoformat()

    def local_midnight(self, date):
        return int(datetime.datetime(date.year, date.month, date.day, tzinfo=self.zone).timestamp())

    def instant(self, text, field):
        """A date-time with an offset, or a wall-clock time in the home zone without one."""
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise APIError(422, "must be a date-time such as 2026-12-08T10:00:00+01:00", field)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.zone)
        return int(moment.timestamp())

    def range_edge(self, text, field, is_end):
        """A date (its midnight; the next one for an end, so the date is included) or a date-time."""
        if len(text) == 10:
            try:
                date = datetime.date.fromisoformat(text)
            except ValueError:
                raise APIError(422, "must be a date such as 2026-12-08 or a date-time such as "
                                    "2026-12-08T10:00:00+01:00", field)
            return self.local_midnight(date + datetime.timedelta(days=1 if is_end else 0))
        return self.instant(text, field)


def appointment_json(row, home):
    (ident, number, name, start, minutes, note, email, status, calcom, created, updated, series,
     occurrence) = row
    return {
        "id": ident, "number": number, "customer_name": name, "start_time": home.iso(start),
        "duration_minutes": minutes, "end_time": home.iso(start + minutes * 60), "note": note, "email": email,
        "status": status, "calcom_booking_uid": calcom, "created_at": home.iso(created),
        "updated_at": home.iso(updated), "series_id": series,
        "occurrence_start": home.iso(occurrence) if occurrence is not None else None,
    }


def search_words(text):
    """The words sched's search index keeps of a text: folded case, no accents, runs of letters
    and digits."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return set(re.findall(r"[^\W_]+", plain))


# MARK: - The seed's models

class AppointmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer_name: StrictStr
    start_time: StrictStr
    duration_minutes: Optional[StrictInt] = None
    note: Optional[StrictStr] = None
    email: Optional[StrictStr] = None


class AppointmentResponse(BaseModel):
    id: str
    number: int
    customer_name: str
    start_time: str
    duration_minutes: int
    end_time: str
    note: Optional[str]
    email: Optional[str]
    status: str
    calcom_booking_uid: Optional[str]
    created_at: str
    updated_at: str
    series_id: Optional[str]
    occurrence_start: Optional[str]


# MARK: - The application

app = FastAPI(title="sched reference", openapi_url=None, docs_url=None, redoc_url=None)
bearer = HTTPBearer(auto_error=False)


@app.exception_handler(APIError)
def api_error(_request, error):
    body = {"status": error.status, "message": error.message}
    if error.field:
        body["field"] = error.field
    return JSONResponse(body, status_code=error.status)


@app.exception_handler(RequestValidationError)
def validation_error(_request, error):
    """Pydantic's complaints in sched's words: an unknown field is a 400, the rest 422."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"][1:]) or None
    if first["type"] == "extra_forbidden":
        return api_error(None, APIError(400, f"unknown field '{field}'", field))
    if first["type"] == "missing":
        return api_error(None, APIError(422, "Field is required", field))
    if first["type"] in ("json_invalid", "model_attributes_type", "dict_type"):
        return api_error(None, APIError(400, "the body is not valid JSON"))
    return api_error(None, APIError(422, first["msg"], field))


def current_user(credentials: Annotated[Optional[HTTPAuthorizationCredentials], Depends(bearer)]):
    """The seed's `get_current_user`, on sched's sessions: the SHA-256 of the token is looked up,
    and a revoked or unknown one refused like a missing one."""
    if credentials is None or not credentials.credentials:
        raise APIError(401, "Authentication required")
    digest = hashlib.sha256(credentials.credentials.encode()).hexdigest()
    row = connection().execute(
        "SELECT sessions.expires_at, sessions.revoked_at, users.username FROM sessions "
        "JOIN users ON users.id = sessions.user_id WHERE token_hash = ?", (digest,)).fetchone()
    if row is None or row[1] is not None:
        raise APIError(401, "Authentication required")
    if time.time() >= row[0]:
        raise APIError(401, "Token has expired")
    return row[2]


User = Annotated[str, Depends(current_user)]


@app.get("/api/appointments", response_model=List[AppointmentResponse])
def list_appointments(_user: User, start: Optional[str] = None, end: Optional[str] = None):
    db = connection()
    home = Home(db)
    if start is None and end is None:
        first, last = int(time.time()), END_OF_TIME
    else:
        first = home.range_edge(start, "start", False) if start else int(time.time())
        last = home.range_edge(end, "end", True) if end else END_OF_TIME
        if last < first:
            raise APIError(422, "must not be before start", "end")
    rows = db.execute(
        f"SELECT {APPOINTMENT_COLUMNS} FROM appointments WHERE status = 'booked' AND start_utc >= ? "
        "AND start_utc < ? ORDER BY start_utc, number", (first, last))
    return [appointment_json(row, home) for row in rows]


@app.post("/api/appointments", status_code=201, response_model=AppointmentResponse)
def create_appointment(body: AppointmentCreate, response: Response, _user: User):
    name = body.customer_name.strip()
    if not name:
        raise APIError(422, "Field is required", "customer_name")
    if len(name) > 200:
        raise APIError(422, "must be between 1 and 200 characters", "customer_name")
    if CONTROL.search(name):
        raise APIError(422, "must not contain control characters", "customer_name")
    if body.note is not None and len(body.note) > 2000:
        raise APIError(422, "must be between 0 and 2000 characters", "note")
    if body.email is not None and not EMAIL.match(body.email):
        raise APIError(422, "must be an email address such as name@example.com", "email")
    db = connection()
    db.execute("BEGIN IMMEDIATE")
    try:
        home = Home(db)
        minutes = body.duration_minutes if body.duration_minutes is not None else home.default_duration
        if minutes <= 0:
            raise APIError(400, "Duration must be positive")
        if minutes > 1440:
            raise APIError(422, "must be between 1 and 1440", "duration_minutes")
        start = home.instant(body.start_time, "start_time")
        end = start + minutes * 60
        now = int(time.time())
        if start < now:
            raise APIError(400, "Cannot book appointments in the past")
        if not inside_one_window(db, home, start, end):
            raise APIError(400, "Selected time is not available")
        longest = db.execute("SELECT MAX(duration_minutes) FROM appointments WHERE status = 'booked'").fetchone()[0]
        clash = db.execute(
            "SELECT 1 FROM appointments WHERE status = 'booked' AND start_utc > ? AND start_utc < ? "
            "AND start_utc + duration_minutes * 60 > ? LIMIT 1", (start - (longest or 0) * 60, end, start)).fetchone()
        if clash:
            raise APIError(409, "Time slot is already booked")
        ident = str(uuid.uuid4())
        cursor = db.execute(
            "INSERT INTO appointments (id, customer_name, start_utc, duration_minutes, note, email, status, "
            "sequence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'booked', 0, ?, ?)",
            (ident, name, start, minutes, body.note, body.email, now, now))
        number = cursor.lastrowid
        for field, text in enumerate((name, body.note, body.email)):
            if text:
                db.executemany("INSERT INTO appointment_words (word, number, field) VALUES (?, ?, ?)",
                               [(word, number, field) for word in search_words(text)])
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    response.headers["Location"] = f"/api/appointments/{ident}"
    return appointment_json((ident, number, name, start, minutes, body.note, body.email, "booked", None, now, now,
                             None, None), home)


def inside_one_window(db, home, start, end):
    """sched's rule: the booking lies inside one window of its start's local date, the date's
    override if it has one, else the weekly windows of its weekday (1 = Monday)."""
    date = datetime.datetime.fromtimestamp(start, home.zone).date()
    overridden = db.execute("SELECT 1 FROM override_days WHERE date = ?", (date.isoformat(),)).fetchone()
    if overridden:
        windows = db.execute("SELECT start_second, end_second FROM override_windows WHERE date = ?",
                             (date.isoformat(),)).fetchall()
    else:
        windows = db.execute("SELECT start_second, end_second FROM weekly_windows WHERE day = ?",
                             (date.isoweekday(),)).fetchall()
    midnight = datetime.datetime(date.year, date.month, date.day)
    for first, last in windows:
        opens = (midnight + datetime.timedelta(seconds=first)).replace(tzinfo=home.zone).timestamp()
        closes = (midnight + datetime.timedelta(seconds=last)).replace(tzinfo=home.zone).timestamp()
        if opens <= start and end <= closes:
            return True
    return False
