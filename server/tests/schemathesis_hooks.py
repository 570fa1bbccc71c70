"""Schemathesis data-generation hooks for CITEOSQUARE's JSON API (`server/tests/schemathesis.sh`).

The OpenAPI document states each field's own limits, but some rules cannot be written in JSON
Schema: two fields tied together (an end after its start, a phone or an e-mail), a date relative
to today, an id in the body that must name a record of the site, a bound read from the database.
Generated *positive* requests that break such a rule are refused with 422, and the check
`positive_data_acceptance` reports them. These hooks bring the tied fields of a positive case
back within the rule the server applies — only those fields; everything else stays as generated
— so that the check tests what the document can promise.

Each rule below names the Rust function it mirrors: when that function changes, change the rule.

How it runs. `schemathesis.sh` sets SCHEMATHESIS_HOOKS=schemathesis_hooks (PYTHONPATH pointing
at server/tests) and exports
    CITEOSQUARE_ST_BASE   the server's address (http://127.0.0.1:PORT),
    CITEOSQUARE_ST_TOKEN  the admin API token the run uses,
    CITEOSQUARE_ST_DB     the demo's database, read only, for the two things the API does not
                          expose: a kiosk's role and the vehicles' setting trip_max_km.
Ids are read from the live server through the API (standard library only), cached a few seconds:
the run itself creates and erases records.

One `map_case` hook does the work (schemathesis 4.32.5 applies `map_case` in the Coverage phase
as well as in Fuzzing; `map_body`/`map_query` only in Fuzzing). It leaves negative cases alone:
they must stay negative, and a hook that made one valid would turn it into a positive case. A
positive case's containers are replaced by edited copies; schemathesis then checks them against
the schema again, so an edit that left the schema would only make the case negative, never hide
a failure. Raw picture bodies (PUT …/photo) come from registered media-type strategies.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import os
import re
import sqlite3
import struct
import sys
import time
import urllib.error
import urllib.request
import zlib
from typing import Any, Callable

import schemathesis
from hypothesis import strategies as st

BASE = os.environ.get("CITEOSQUARE_ST_BASE", "").rstrip("/")
TOKEN = os.environ.get("CITEOSQUARE_ST_TOKEN", "")
DB = os.environ.get("CITEOSQUARE_ST_DB", "")
# Rules about "today" read the site's local day (Europe/Paris by default) or the hostel's night
# (yesterday before day_starts_hour); they are mirrored from the UTC day with a day or two of
# margin, so that they hold whatever the zone and the hour of the run.
UTC = dt.timezone.utc


# ------------------------------------------------------------------------------------------------
# Reading the live site
# ------------------------------------------------------------------------------------------------

_CACHE: dict[str, tuple[float, Any]] = {}
_TTL = 3.0  # seconds: the run creates (and erases) records as it goes


def api(path: str) -> Any:
    """GET `/api/v1{path}` as the run's admin; None when it fails (an unknown id: 404)."""
    if not BASE:
        return None
    now = time.monotonic()
    hit = _CACHE.get(path)
    if hit is not None and now - hit[0] < _TTL:
        return hit[1]
    request = urllib.request.Request(
        f"{BASE}/api/v1{path}",
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            value = json.load(answer)
    except (urllib.error.URLError, OSError, ValueError):
        value = None
    _CACHE[path] = (now, value)
    return value


def api_post(path: str, body: dict) -> Any:
    """POST `/api/v1{path}` as the run's admin (to put back a record the run used up)."""
    if not BASE:
        return None
    request = urllib.request.Request(
        f"{BASE}/api/v1{path}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            value = json.load(answer)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    _CACHE.clear()
    return value


def rows(path: str) -> list[dict]:
    """A list answer's objects (none when the call failed)."""
    value = api(path)
    return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []


def db_rows(sql: str, *params: Any) -> list[tuple]:
    """What the API does not expose, read from the demo's database (read only)."""
    if not DB or not os.path.exists(DB):
        return []
    try:
        # closing(): sqlite3's own context manager ends a transaction, not the connection.
        with contextlib.closing(sqlite3.connect(f"file:{DB}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute(sql, params).fetchall()
    except sqlite3.Error:
        return []


def persons() -> list[int]:
    return [p["id"] for p in rows("/persons?limit=200")]


def associations() -> list[int]:
    return [a["id"] for a in rows("/associations")]


def spaces() -> list[dict]:
    return rows("/spaces")


def space_uses() -> list[int]:
    return [u["id"] for u in rows("/space-uses")]


def kiosks_of_role(role: str) -> list[str]:
    # GET /api/v1/kiosks does not say a kiosk's role.
    return [k for (k,) in db_rows("SELECT id FROM kiosks WHERE role = ? ORDER BY id", role)]


def hostel_rooms() -> list[dict]:
    return rows("/hostel/rooms")  # the rooms in service


def hostel_beds(room_id: int) -> list[int]:
    grid = api("/hostel/grid?nights=1")
    lines = grid.get("rows", []) if isinstance(grid, dict) else []
    return [r["bed"]["id"] for r in lines if r.get("bed", {}).get("room_id") == room_id]


def vehicles() -> list[dict]:
    return [v for v in rows("/vehicles") if not v.get("retired_at")]


def sel_activities() -> list[int]:
    return [a["id"] for a in rows("/sel/activities")]


def trip_max_km() -> int:
    # The API does not expose the vehicles' settings; 1 is the least the table allows.
    found = db_rows("SELECT trip_max_km FROM vehicle_settings WHERE id = 1")
    return int(found[0][0]) if found else 1


# ------------------------------------------------------------------------------------------------
# Values
# ------------------------------------------------------------------------------------------------


def pick(options: list, seed: Any) -> Any:
    """One of `options`, chosen by the generated value (the same value, the same choice)."""
    if not options:
        return None
    try:
        index = int(seed)
    except (TypeError, ValueError):
        index = len(str(seed))
    return options[index % len(options)]


def known_or(value: Any, options: list, *, nullable: bool) -> Any:
    """`value` when it names one of `options`; otherwise one of them (or None when allowed)."""
    if value in options or (nullable and value is None):
        return value
    if not options:
        return None if nullable else value
    return pick(options, value)


def as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def integral(value: Any) -> int | None:
    """A JSON integer as the server reads it: 29 or 29.0 (never a boolean)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if value == int(value) else None


def utc_today() -> dt.date:
    return dt.datetime.now(UTC).date()


def parse_date(text: Any) -> dt.date | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


_INSTANT = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def parse_instant(text: Any) -> dt.datetime | None:
    """An RFC 3339 instant, as chrono reads it (a leap second read as :59)."""
    m = _INSTANT.match(text.strip()) if isinstance(text, str) else None
    if not m:
        return None
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    zone = m.group(8)
    try:
        sign = -1 if zone[0] == "-" else 1
        offset = UTC if zone in "Zz" else dt.timezone(
            sign * dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        )
        return dt.datetime(y, mo, d, h, mi, min(s, 59), tzinfo=offset).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def instant_text(at: dt.datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def clamp_day(d: dt.date, lo: dt.date, hi: dt.date) -> dt.date:
    return min(max(d, lo), hi)


def hhmm(text: Any) -> int | None:
    """Minutes of a local `HH:MM` (the document's pattern: 00:00 to 23:59)."""
    if isinstance(text, str) and re.fullmatch(r"\d{2}:\d{2}", text):
        h, m = int(text[:2]), int(text[3:])
        if h < 24 and m < 60:
            return h * 60 + m
    return None


def hhmm_text(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def order_times(b: dict, start_key: str = "start", end_key: str = "end") -> None:
    """Two `HH:MM` of one day with the end after the start: swapped, or the end an hour later."""
    s, e = hhmm(b.get(start_key)), hhmm(b.get(end_key))
    if s is None or e is None or e > s:
        return
    if e < s:
        b[start_key], b[end_key] = b[end_key], b[start_key]
    elif s <= 23 * 60:
        b[end_key] = hhmm_text(min(s + 60, 23 * 60 + 59))
    else:
        b[start_key] = hhmm_text(s - 60)


def order_instants(b: dict, start_key: str, end_key: str, *, longest: dt.timedelta | None = None,
                   latest_start: dt.datetime | None = None) -> None:
    """An end after its start, at most `longest` later (else an hour, or `longest`, after it);
    the start moved back to `latest_start` when after it."""
    start = parse_instant(b.get(start_key))
    if start is None:
        return
    if latest_start is not None and start > latest_start:
        start = latest_start.replace(microsecond=0)
        b[start_key] = instant_text(start)
    end = parse_instant(b.get(end_key))
    hour = dt.timedelta(hours=1)
    if end is None or end <= start or (longest is not None and end - start > longest):
        b[end_key] = instant_text(start + (min(hour, longest) if longest is not None else hour))


def order_days(b: dict, first_key: str, last_key: str, *, longest_days: int | None = None) -> None:
    """A last day not before the first (swapped), and at most `longest_days` after it."""
    first, last = parse_date(b.get(first_key)), parse_date(b.get(last_key))
    if first is None or last is None:
        return
    if last < first:
        b[first_key], b[last_key] = b[last_key], b[first_key]
        first, last = last, first
    if longest_days is not None and (last - first).days > longest_days:
        b[last_key] = (first + dt.timedelta(days=longest_days)).isoformat()


def blank(value: Any) -> bool:
    return not isinstance(value, str) or not value.strip()


# ------------------------------------------------------------------------------------------------
# The hook and its rules
# ------------------------------------------------------------------------------------------------

# "METHOD /path" -> rules; a rule edits a copy of the body (or the query) in place.
_BODY_RULES: dict[str, list[Callable]] = {}
_QUERY_RULES: dict[str, list[Callable]] = {}
_WARNED: set[str] = set()


def body_rule(*operations: str, kind: type = dict) -> Callable:
    """Registers `rule(body, case)` for the JSON bodies (of type `kind`) of `operations`."""

    def register(rule: Callable) -> Callable:
        for op in operations:
            _BODY_RULES.setdefault(op, []).append((kind, rule))
        return rule

    return register


def query_rule(*operations: str) -> Callable:
    """Registers `rule(query, case)` for the query strings of `operations`."""

    def register(rule: Callable) -> Callable:
        for op in operations:
            _QUERY_RULES.setdefault(op, []).append(rule)
        return rule

    return register


@schemathesis.hook
def map_case(ctx, case):
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case  # a negative case stays as it was generated
    label = f"{case.operation.method.upper()} {case.operation.path}"
    try:
        for rule in _QUERY_RULES.get(label, ()):
            if isinstance(case.query, dict):
                query = dict(case.query)
                rule(query, case)
                if query != case.query:
                    case.query = query
        for kind, rule in _BODY_RULES.get(label, ()):
            if isinstance(case.body, kind):
                body = copy.deepcopy(case.body)
                rule(body, case)
                if body != case.body:
                    case.body = body
    except Exception as exc:  # a rule's bug must not stop the run: the case goes as generated
        if label not in _WARNED:
            _WARNED.add(label)
            print(f"schemathesis_hooks: {label}: {exc!r}", file=sys.stderr)
    return case


def path_id(case, name: str = "id") -> int | None:
    return as_int((case.path_parameters or {}).get(name))


# ------------------------------------------------------------------------------------------------
# Chrono'espaces (spaces, uses, bookings)
# ------------------------------------------------------------------------------------------------


@query_rule("GET /api/v1/agenda", "GET /api/v1/bookings")
def instant_period(q: dict, case) -> None:
    # server/src/spaces/api/mod.rs: instant_range — `from` (default now) to `to` (a day, included:
    # the start of the next day), after `from` and at most 366 days (and an hour) later.
    keep_to_within_a_year(q)


@query_rule("GET /api/v1/sel/shifts")
def shifts_period(q: dict, case) -> None:
    # server/src/sel/api/permanences.rs: shifts_list — the same period as instant_range.
    keep_to_within_a_year(q)


def keep_to_within_a_year(q: dict) -> None:
    to = parse_date(q.get("to"))
    if to is None:
        return
    if "from" in q:
        start = parse_date(q.get("from"))
        if start is None:
            return
        lo, hi = start, start + dt.timedelta(days=365)
    else:  # from now: the next local day at the earliest, a year on at the latest
        lo, hi = utc_today() + dt.timedelta(days=1), utc_today() + dt.timedelta(days=364)
    q["to"] = clamp_day(to, lo, hi).isoformat()


@query_rule("GET /api/v1/spaces/{id}/slots", "GET /api/v1/spaces/availability")
def grid_period(q: dict, case) -> None:
    # server/src/spaces/api/mod.rs: day_range with MAX_GRID_DAYS (62), called by
    # server/src/spaces/api/rooms.rs: slots, availability.
    keep_to_within_days(q, 62)


@query_rule("GET /api/v1/space-exceptions")
def exceptions_period(q: dict, case) -> None:
    # server/src/spaces/api/mod.rs: day_range with MAX_LIST_DAYS (366), called by
    # server/src/spaces/api/rooms.rs: exceptions.
    keep_to_within_days(q, 366)


def keep_to_within_days(q: dict, max_days: int) -> None:
    # day_range: `from` (default the local today) to `to`, not before, fewer than max_days apart.
    to = parse_date(q.get("to"))
    if to is None:
        return
    if "from" in q:
        start = parse_date(q.get("from"))
        if start is None:
            return
        lo, hi = start, start + dt.timedelta(days=max_days - 1)
    else:
        lo, hi = utc_today() + dt.timedelta(days=1), utc_today() + dt.timedelta(days=max_days - 2)
    q["to"] = clamp_day(to, lo, hi).isoformat()


@query_rule("GET /api/v1/spaces/availability")
def availability_spaces(q: dict, case) -> None:
    # server/src/spaces/api/rooms.rs: availability — every id in `spaces` names a space (at most
    # MAX_GRID_SPACES, 50).
    text = q.get("spaces")
    known = [s["id"] for s in spaces()]
    if not isinstance(text, str) or not known:
        return
    wanted = [as_int(part) for part in text.split(",")][:50]
    chosen = [known_or(i, known, nullable=False) for i in wanted]
    q["spaces"] = ",".join(str(i) for i in chosen)


def booking_ids(b: dict) -> None:
    # server/src/spaces/booking/mod.rs: plan — the space exists, and so do the association and the
    # person it is for, when named.
    if "space_id" in b:
        b["space_id"] = known_or(b["space_id"], [s["id"] for s in spaces()], nullable=False)
    if "association_id" in b:
        b["association_id"] = known_or(b["association_id"], associations(), nullable=True)
    if "person_id" in b:
        b["person_id"] = known_or(b["person_id"], persons(), nullable=True)


@body_rule("POST /api/v1/bookings")
def booking(b: dict, case) -> None:
    # server/src/spaces/booking/mod.rs: plan — the end after the start, at most 7 days later
    # (server/src/spaces/api/mod.rs: check_booking_times allows 8), the start at most
    # MAX_DAYS_AHEAD (3 × 366 days) from now.
    latest = dt.datetime.now(UTC) + dt.timedelta(days=3 * 366 - 2)
    order_instants(b, "start", "end", longest=dt.timedelta(days=7), latest_start=latest)
    booking_ids(b)


_RULE = re.compile(r"^FREQ=(DAILY|WEEKLY|MONTHLY);COUNT=(\d{1,3})$")


@body_rule("POST /api/v1/booking-series", "POST /api/v1/booking-series/preview")
def booking_series(b: dict, case) -> None:
    # server/src/spaces/booking/series.rs: expand — local start and end of one day, the end after
    # the start; a bounded rule (COUNT or UNTIL) of FREQ=DAILY, WEEKLY or MONTHLY giving 1 to 104
    # dates within two years of the first day. Each date is then planned like a booking
    # (server/src/spaces/booking/mod.rs: plan): its start within MAX_DAYS_AHEAD of now.
    order_times(b)
    rule = b.get("rule")
    m = _RULE.match(rule.strip()) if isinstance(rule, str) else None
    if not m or not 1 <= int(m.group(2)) <= (24 if m.group(1) == "MONTHLY" else 104):
        count = 1 + (len(rule) if isinstance(rule, str) else 0) % 10
        b["rule"] = f"FREQ=WEEKLY;COUNT={count}"
    first = parse_date(b.get("first_day"))
    # The last date may come 731 days after the first, and must start within 3 × 366 of now.
    latest = utc_today() + dt.timedelta(days=3 * 366 - 731 - 1)
    if first is not None and first > latest:
        b["first_day"] = latest.isoformat()
    booking_ids(b)


@body_rule("POST /api/v1/bookings/{id}/reschedule")
def reschedule(b: dict, case) -> None:
    # server/src/spaces/booking/decisions.rs: reschedule — the end after the start; a new day only
    # with the scope `one`.
    order_times(b)
    if b.get("scope") == "following" and b.get("day") is not None:
        b["day"] = None
    # Each booking moved is then planned (server/src/spaces/booking/mod.rs: plan): its start
    # within MAX_DAYS_AHEAD (3 × 366 days) of now.
    day = parse_date(b.get("day"))
    latest = utc_today() + dt.timedelta(days=3 * 366 - 2)
    if day is not None and day > latest:
        b["day"] = latest.isoformat()


@body_rule("POST /api/v1/space-exceptions")
def space_exception(b: dict, case) -> None:
    # server/src/spaces/openings.rs: add_exception — both times or neither, the end after the
    # start; the space and the use, when named, exist.
    start_blank, end_blank = blank(b.get("start")), blank(b.get("end"))
    if start_blank != end_blank:
        b["start"] = b["end"] = None
    elif not start_blank:
        order_times(b)
    if b.get("space_id") is not None:
        b["space_id"] = known_or(b["space_id"], [s["id"] for s in spaces()], nullable=True)
    if b.get("use_id") is not None:
        b["use_id"] = known_or(b["use_id"], space_uses(), nullable=True)


@body_rule("PUT /api/v1/spaces/{id}/timetable", kind=list)
def timetable(windows: list, case) -> None:
    # server/src/spaces/openings.rs: set_windows — each window's end after its start, its use
    # known (overlapping windows are a 409 conflict, left as generated).
    uses = space_uses()
    for w in windows:
        if isinstance(w, dict):
            order_times(w)
            if "use_id" in w:
                w["use_id"] = known_or(w["use_id"], uses, nullable=False)


@body_rule("POST /api/v1/space-uses", "PUT /api/v1/space-uses/{id}")
def space_use(b: dict, case) -> None:
    # server/src/spaces/uses.rs: validate_use — min_minutes <= max_minutes (both 5 to 10,080; the
    # server's defaults 60 and 240 when absent); a free use has no price.
    lo, hi = integral(b.get("min_minutes", 60)), integral(b.get("max_minutes", 240))
    if lo is not None and hi is not None and hi < lo:
        if "min_minutes" in b and "max_minutes" in b:
            b["min_minutes"], b["max_minutes"] = hi, lo
        elif "min_minutes" in b:
            b["min_minutes"] = hi
        else:
            b["max_minutes"] = lo
    if b.get("price_kind", "free") == "free" and b.get("price_per_hour", 0) != 0:
        b["price_per_hour"] = 0
    # server/src/spaces/uses.rs: set_use_associations — every association named exists. Each is
    # named once: a repeated one is a server error (see the report), not a rule to mirror.
    if isinstance(b.get("associations"), list):
        known = associations()
        chosen = [known_or(a, known, nullable=False) for a in b["associations"]]
        b["associations"] = list(dict.fromkeys(chosen))


@body_rule("POST /api/v1/spaces")
def space_create(b: dict, case) -> None:
    # server/src/spaces/mod.rs: create_space — the parent, when named, is a whole space (not a
    # half of another).
    if b.get("parent_id") is not None:
        wholes = [s["id"] for s in spaces() if s.get("parent_id") is None]
        b["parent_id"] = known_or(b["parent_id"], wholes, nullable=True)


@body_rule("PUT /api/v1/spaces/{id}/door")
def space_door(b: dict, case) -> None:
    # server/src/spaces/mod.rs: set_door — a kiosk whose role is `space`.
    doors = kiosks_of_role("space")
    if "kiosk_id" in b and doors and (b["kiosk_id"] or "").strip() not in doors:
        b["kiosk_id"] = pick(doors, len(b["kiosk_id"] or ""))


@body_rule("POST /api/v1/bookings/{id}/decline")
def decline(b: dict, case) -> None:
    # server/src/spaces/booking/decisions.rs: decision_message — a decline says why (the same body,
    # DecisionInput, is optional-worded for a confirmation, so the document cannot require it).
    if blank(b.get("message")):
        b["message"] = "La salle est prise pour un événement de quartier ce soir-là."


# ------------------------------------------------------------------------------------------------
# Hostel
# ------------------------------------------------------------------------------------------------


@query_rule("GET /api/v1/hostel/police-forms", "GET /api/v1/hostel/tax-register")
def hostel_period(q: dict, case) -> None:
    # server/src/hostel/api.rs: police_list, tax_register — `from` not after `to` (default
    # tonight, the hostel's night: yesterday before day_starts_hour), at most 366 days before it.
    if "from" not in q:
        return  # the default `from` is derived from `to`
    start = parse_date(q.get("from"))
    if start is None:
        return
    if "to" in q:
        to = parse_date(q.get("to"))
        if to is None:
            return
        lo, hi = to - dt.timedelta(days=366), to
    else:
        lo, hi = utc_today() - dt.timedelta(days=365), utc_today() - dt.timedelta(days=1)
    q["from"] = clamp_day(start, lo, hi).isoformat()


@body_rule("POST /api/v1/hostel/rooms")
def hostel_room(b: dict, case) -> None:
    # server/src/hostel/mod.rs: create_room — only a dormitory is kept for women.
    if b.get("women_only") and b.get("kind") != "dorm":
        b["women_only"] = False


def in_service_rooms() -> list[int]:
    return [r["id"] for r in hostel_rooms()]


@body_rule("POST /api/v1/hostel/imports")
def hostel_import(b: dict, case) -> None:
    # server/src/hostel/imports.rs: add — a room in service.
    if "room_id" in b:
        b["room_id"] = known_or(b["room_id"], in_service_rooms(), nullable=False)


@body_rule("POST /api/v1/hostel/rates")
def hostel_rate(b: dict, case) -> None:
    # server/src/hostel/mod.rs: add_rate — the last night not before the first.
    order_days(b, "first_night", "last_night")


@body_rule("POST /api/v1/hostel/tax-rules")
def hostel_tax_rule(b: dict, case) -> None:
    # server/src/hostel/tax.rs: add_rule — the last night not before the first; a `classified`
    # rule has a per-person amount (1 to PER_PERSON_MAX), an `unclassified` one a rate and a cap
    # (from 1).
    order_days(b, "first_night", "last_night")
    if b.get("mode") == "classified" and b.get("per_person_cents", 0) < 1:
        b["per_person_cents"] = 1
    if b.get("mode") == "unclassified":
        if b.get("rate_bp", 0) < 1:
            b["rate_bp"] = 1
        if b.get("cap_cents", 0) < 1:
            b["cap_cents"] = 1


def bed_of_room(b: dict, case) -> None:
    # The bed, when named, is one of the room's (the room in the path).
    room = path_id(case)
    if b.get("bed_id") is None or room is None:
        return
    beds = hostel_beds(room)
    if beds:
        b["bed_id"] = known_or(b["bed_id"], beds, nullable=True)


@body_rule("POST /api/v1/hostel/rooms/{id}/closures")
def hostel_closure(b: dict, case) -> None:
    # server/src/hostel/mod.rs: close — the last night not before the first, at most 366 nights
    # later; the bed, when named, is one of the room's.
    order_days(b, "first_night", "last_night", longest_days=366)
    bed_of_room(b, case)


@body_rule("PUT /api/v1/hostel/rooms/{id}/housekeeping")
def hostel_housekeeping(b: dict, case) -> None:
    # server/src/hostel/housekeeping.rs: mark — the bed, when named, is one of the room's.
    bed_of_room(b, case)


@body_rule("POST /api/v1/hostel/stays")
def hostel_stay(b: dict, case) -> None:
    # server/src/hostel/stays.rs: check_new.
    # A phone or an e-mail, but from a booking platform.
    if b.get("source") != "platform" and blank(b.get("phone")) and blank(b.get("email")):
        b["phone"] = "+33 1 23 45 67 89"
    # The arrival not before tonight; the departure after it, at most MAX_NIGHTS (90) later.
    arrival, departure = parse_date(b.get("arrival")), parse_date(b.get("departure"))
    if arrival is not None and arrival <= utc_today():
        arrival = utc_today() + dt.timedelta(days=1)
        b["arrival"] = arrival.isoformat()
    if arrival is not None and departure is not None and not (
        arrival < departure <= arrival + dt.timedelta(days=90)
    ):
        nights = 1 + abs(departure - arrival).days % 90
        b["departure"] = (arrival + dt.timedelta(days=nights)).isoformat()
    # The room, when named, is in service; the person, when named, exists.
    rooms = {r["id"]: r for r in hostel_rooms()}
    if b.get("room_id") is not None and rooms:
        b["room_id"] = known_or(b["room_id"], sorted(rooms), nullable=True)
    if b.get("person_id") is not None:
        b["person_id"] = known_or(b["person_id"], persons(), nullable=True)
    # The whole of a room needs a room, with a bed for each person; otherwise a number of beds
    # (default: the people) not above the people.
    room = rooms.get(b.get("room_id"))
    if room is None and b.get("whole_room"):
        b["whole_room"] = False
    people = integral(b.get("people", 1))
    if people is None:
        return
    if room is not None and (b.get("whole_room") or room.get("kind") != "dorm"):
        if people > room.get("beds", people):
            people = b["people"] = room["beds"]
    elif integral(b.get("beds")) is not None and integral(b["beds"]) > people:
        b["beds"] = people
    # Minors and tax-exempt people among the people; an exemption says why.
    minors, exempt = integral(b.get("minors", 0)), integral(b.get("tax_exempt", 0))
    if minors is not None and exempt is not None and minors + exempt > people:
        b["minors"] = min(minors, people)
        b["tax_exempt"] = people - b["minors"]
    if (integral(b.get("tax_exempt", 0)) or 0) > 0 and not b.get("tax_exempt_reason"):
        b["tax_exempt_reason"] = "seasonal_worker"


def folio_lines(stay_id: int) -> list[dict]:
    folio = api(f"/hostel/stays/{stay_id}/folio")
    return folio.get("lines", []) if isinstance(folio, dict) else []


@body_rule("POST /api/v1/hostel/stays/{id}/folio/corrections")
def folio_correction(b: dict, case) -> None:
    # server/src/hostel/folio.rs: correct — an amount other than 0; the line corrected is one of
    # the stay's nights, taxes or extras.
    if b.get("amount_cents") == 0:
        b["amount_cents"] = 1
    stay = path_id(case)
    if stay is None or "line_id" not in b or api(f"/hostel/stays/{stay}") is None:
        return  # an unknown stay is a 404
    lines = correctable_lines(stay)
    if not lines:  # a stay with nothing to correct yet: one of the day's stays that has
        for other in stays_of_the_day():
            lines = correctable_lines(other)
            if lines:
                case.path_parameters = {**case.path_parameters, "id": other}
                break
    if lines:
        b["line_id"] = known_or(b["line_id"], lines, nullable=False)


def correctable_lines(stay: int) -> list[int]:
    return [l["id"] for l in folio_lines(stay) if l.get("kind") in ("night", "tax", "extra")]


def stays_of_the_day() -> list[int]:
    day = api("/hostel/day")
    found = []
    if isinstance(day, dict):
        for value in day.values():
            if isinstance(value, list):
                found += [s["id"] for s in value if isinstance(s, dict) and "id" in s]
    return sorted(set(found))


@body_rule("POST /api/v1/hostel/stays/{id}/folio/extras")
def folio_extra(b: dict, case) -> None:
    # server/src/hostel/folio.rs: sell_extra — an extra on sale.
    # The run withdraws the demo's extras (POST /api/v1/hostel/extras/{id}/withdraw): when none is
    # left on sale, one is put on sale again.
    if "extra_id" not in b:
        return
    on_sale = [e["id"] for e in rows("/hostel/extras") if e.get("active")]
    if not on_sale:
        extra = {"name": f"Serviette {time.time_ns()}", "price_cents": 200}
        made = api_post("/hostel/extras", extra)
        on_sale = [made["id"]] if isinstance(made, dict) and "id" in made else []
    b["extra_id"] = known_or(b["extra_id"], on_sale, nullable=False)


@body_rule("POST /api/v1/hostel/stays/{id}/folio/payments")
def folio_payment(b: dict, case) -> None:
    # server/src/hostel/folio.rs: pay_in — SEL hours are not refunded; an invoice names its payer
    # in the reference; pay_in_minutes — SEL hours are taken only when the hostel's settings give
    # them a value (sel_cents_per_hour), from a stay with a person (their SEL account).
    if b.get("method") == "sel":
        settings = api("/hostel/settings") or {}
        stay = api(f"/hostel/stays/{path_id(case)}") if path_id(case) is not None else None
        if (
            b.get("refund")
            or settings.get("sel_cents_per_hour") == 0
            or (isinstance(stay, dict) and stay.get("person_id") is None)
        ):
            b["method"] = "cash"
    if b.get("method") == "invoice" and blank(b.get("reference")):
        b["reference"] = "Facture à l'association"


@body_rule("POST /api/v1/hostel/stays/{id}/move")
def hostel_move(b: dict, case) -> None:
    # server/src/hostel/moves.rs: move_to — a room in service, other than the one the stay holds.
    stay = api(f"/hostel/stays/{path_id(case)}") if path_id(case) is not None else None
    if "room_id" not in b or not isinstance(stay, dict):
        return  # an unknown stay is a 404
    held = {h.get("room_id") for h in stay.get("held", [])}
    rooms = [r for r in in_service_rooms() if r not in held]
    b["room_id"] = known_or(b["room_id"], rooms, nullable=False)


_FRENCH = {"fr", "fra", "france", "francaise", "francais", "french"}


@body_rule("POST /api/v1/hostel/stays/{id}/police-forms")
def police_form(b: dict, case) -> None:
    # server/src/hostel/police.rs: add — born before tonight, at most 130 years ago; no form for a
    # French guest (is_french).
    born = parse_date(b.get("birth_date"))
    if born is not None:
        today = utc_today()
        lo = dt.date(today.year - 130, today.month, min(today.day, 28)) + dt.timedelta(days=2)
        b["birth_date"] = clamp_day(born, lo, today - dt.timedelta(days=2)).isoformat()
    nationality = b.get("nationality")
    if isinstance(nationality, str):
        folded = nationality.strip().lower().translate(str.maketrans("çéèê", "ceee"))
        if folded in _FRENCH:
            b["nationality"] = "Belge"


# ------------------------------------------------------------------------------------------------
# Desk and accounts
# ------------------------------------------------------------------------------------------------


@body_rule("POST /api/v1/logbook")
def logbook_entry(b: dict, case) -> None:
    # server/src/desk/logbook.rs: add — a correction names the entry it corrects; other kinds name
    # none. (An unknown entry is a 404, a correction of a correction a 409: left as generated.)
    if b.get("kind") == "correction":
        if b.get("corrects_id") is None:
            entries = [e["id"] for e in rows("/logbook?limit=500") if e.get("kind") != "correction"]
            b["corrects_id"] = pick(entries, len(b.get("body") or "")) if entries else 1
    elif b.get("corrects_id") is not None:
        b["corrects_id"] = None


@body_rule("POST /api/v1/users")
def user_create(b: dict, case) -> None:
    # server/src/accounts/mod.rs: create_account — an association or resident account belongs to
    # a person; the person, when named, exists.
    known = persons()
    if b.get("person_id") is not None or b.get("role") in ("association", "resident"):
        b["person_id"] = known_or(b.get("person_id"), known, nullable=False)


# ------------------------------------------------------------------------------------------------
# SEL
# ------------------------------------------------------------------------------------------------


@body_rule("POST /api/v1/sel/activities", "PUT /api/v1/sel/activities/{id}")
def sel_activity(b: dict, case) -> None:
    # server/src/sel/shifts/mod.rs: validate_activity — the kiosk, when named, has the role `sel`.
    sel_kiosks = kiosks_of_role("sel")
    kiosk = b.get("kiosk_id")
    if isinstance(kiosk, str) and kiosk.strip() and sel_kiosks and kiosk.strip() not in sel_kiosks:
        b["kiosk_id"] = pick(sel_kiosks, len(kiosk))


@query_rule("GET /api/v1/sel/sessions")
def sel_sessions_list(q: dict, case) -> None:
    # server/src/sel/api/permanences.rs: sessions — the closed shifts are a person's (open=false
    # names the person).
    known = persons()
    if str(q.get("open")).lower() == "false" and "person_id" not in q and known:
        q["person_id"] = known[0]


@body_rule("POST /api/v1/sel/corrections")
def sel_correction(b: dict, case) -> None:
    # server/src/sel/ledger.rs: correct — a number of minutes other than 0.
    if b.get("minutes") == 0:
        b["minutes"] = 1


@body_rule("POST /api/v1/sel/purchases")
def sel_purchase(b: dict, case) -> None:
    # server/src/sel/shop/mod.rs: normalise_cart — the lines of one item add up to at most
    # MAX_QUANTITY (100); purchase — the cart's price, from the catalogue, at most
    # MAX_TRANSFER_MINUTES (100,000). A line beyond the item's 100 is dropped (one line kept).
    lines = b.get("lines")
    if not isinstance(lines, list):
        return
    prices = {i["id"]: i.get("price_minutes", 0) for i in rows("/sel/catalogue") if i.get("active")}
    kept, per_item, total = [], {}, 0
    for line in lines:
        if not isinstance(line, dict) or not isinstance(line.get("quantity"), (int, float)):
            kept.append(line)
            continue
        item, quantity = line.get("item_id"), int(line["quantity"])
        room = 100 - per_item.get(item, 0)
        price = prices.get(item, 0)
        if price:
            room = min(room, (100_000 - total) // price)
        if room < 1:
            continue
        if quantity > room:
            line = {**line, "quantity": room}
            quantity = room
        per_item[item] = per_item.get(item, 0) + quantity
        total += price * quantity
        kept.append(line)
    b["lines"] = kept or lines[:1]


@body_rule("POST /api/v1/sel/series")
def sel_series(b: dict, case) -> None:
    # server/src/sel/shifts/mod.rs: create_series — a shift lasts at most 16 hours (an end not
    # after the start is the next day's); kept within 15 for a change of clocks that night.
    s, e = hhmm(b.get("start")), hhmm(b.get("end"))
    if s is not None and e is not None:
        length = (e - s) % 1440 or 1440
        if length > 15 * 60:
            b["end"] = hhmm_text((s + length % (15 * 60) + 1) % 1440)
    # The activity exists.
    if "activity_id" in b:
        b["activity_id"] = known_or(b["activity_id"], sel_activities(), nullable=False)


@body_rule("POST /api/v1/sel/sessions")
def sel_session(b: dict, case) -> None:
    # server/src/sel/shifts/served.rs: record_by_desk — the end after the start, at most 16 hours
    # later, and not in the future (five minutes of slack); the activity exists.
    if "activity_id" in b:
        b["activity_id"] = known_or(b["activity_id"], sel_activities(), nullable=False)
    now = dt.datetime.now(UTC).replace(microsecond=0)
    start = parse_instant(b.get("started_at"))
    if start is None:
        return
    if start > now - dt.timedelta(minutes=1):
        start = now - dt.timedelta(hours=2)
        b["started_at"] = instant_text(start)
    end = parse_instant(b.get("ended_at"))
    if end is None or not start < end <= min(start + dt.timedelta(hours=16), now):
        b["ended_at"] = instant_text(min(start + dt.timedelta(hours=1), now))


@body_rule("POST /api/v1/sel/workshops")
def sel_workshop(b: dict, case) -> None:
    # server/src/sel/shop/mod.rs: workshop — at least a minute for each participant.
    participants, total = b.get("participant_ids"), integral(b.get("total_minutes"))
    if isinstance(participants, list) and total is not None and total < len(set(participants)):
        b["total_minutes"] = len(set(participants))


@body_rule("PUT /api/v1/sel/accounts/{person_id}/limits")
def account_limits(b: dict, case) -> None:
    # server/src/sel/ledger.rs: set_limits — a reason whenever a floor or a ceiling is set.
    if (b.get("floor") is not None or b.get("ceiling") is not None) and blank(b.get("reason")):
        b["reason"] = "Accord du bureau de l'association"


# ------------------------------------------------------------------------------------------------
# Bien-Vivre
# ------------------------------------------------------------------------------------------------


@body_rule("POST /api/v1/bien-vivre/entries")
def bien_vivre_entry(b: dict, case) -> None:
    # server/src/bienvivre/entries.rs: add — an indicator entered by hand; a day from 2000 to the
    # local today; a meter's reading not negative; a correction names an entry of the same
    # indicator not corrected yet, and says why.
    entered = {
        i["key"]: i.get("kind")
        for i in (api("/bien-vivre/indicators") or {}).get("indicators", [])
        if i.get("source") == "entered"
    }
    if not entered:
        return
    key = b.get("indicator")
    if not isinstance(key, str) or key.strip() not in entered:
        key = pick(sorted(entered), len(key) if isinstance(key, str) else 0)
        b["indicator"] = key
    key = key.strip()
    day = parse_date(b.get("on_date"))
    latest = utc_today() - dt.timedelta(days=1)
    if day is None:
        b["on_date"] = latest.isoformat()
    else:
        b["on_date"] = clamp_day(day, dt.date(2000, 1, 1), latest).isoformat()
    if entered[key] == "meter" and isinstance(b.get("value"), (int, float)) and b["value"] < 0:
        b["value"] = -b["value"]
    if b.get("corrects") is not None:
        open_entries = [
            e["id"]
            for e in rows(f"/bien-vivre/entries?indicator={key}")
            if e.get("corrected_by") is None
        ]
        b["corrects"] = (
            known_or(b["corrects"], open_entries, nullable=True) if open_entries else None
        )
        if b["corrects"] is not None and blank(b.get("reason")):
            b["reason"] = "Erreur de saisie"


# ------------------------------------------------------------------------------------------------
# Vehicles and the transport solidaire
# ------------------------------------------------------------------------------------------------


@body_rule("POST /api/v1/vehicle-bookings")
def vehicle_booking(b: dict, case) -> None:
    # server/src/vehicles/booking.rs: vet — the end after the start; a person (the desk names
    # one) who exists; a vehicle in service. (Too short, too long, in the past: 409.)
    order_instants(b, "start", "end")
    b["person_id"] = known_or(b.get("person_id"), persons(), nullable=False)
    if "vehicle_id" in b:
        b["vehicle_id"] = known_or(b["vehicle_id"], [v["id"] for v in vehicles()], nullable=False)


@body_rule("POST /api/v1/vehicle-bookings/{id}/return")
def vehicle_return(b: dict, case) -> None:
    # server/src/vehicles/returns.rs: record_return — a damage's place and description together;
    # the odometer at the return, unless the vehicle is a bike (not below the one at the start:
    # a 409).
    where, what = blank(b.get("damage_location")), blank(b.get("damage_description"))
    if where and not what:
        b["damage_location"] = "Pare-chocs avant"
    elif what and not where:
        b["damage_description"] = "Rayure"
    booking_id = path_id(case)
    booked = api(f"/vehicle-bookings/{booking_id}") if booking_id is not None else None
    if not isinstance(booked, dict) or booked.get("vehicle_kind") in ("ebike", "cargo_bike"):
        return
    if b.get("km_end") is None:
        start = booked.get("km_start") or 0
        b["km_end"] = min(start + 42, 2_000_000)


@body_rule("POST /api/v1/vehicle-trips")
def trip_request(b: dict, case) -> None:
    # server/src/vehicles/trips.rs: request — the way back after the way out, within 12 hours;
    # the desk names the passenger, who exists.
    if b.get("return_at") is not None:
        order_instants(b, "start", "return_at", longest=dt.timedelta(hours=12))
    b["passenger_id"] = known_or(b.get("passenger_id"), persons(), nullable=False)


@body_rule("POST /api/v1/vehicle-trips/{id}/take")
def trip_take(b: dict, case) -> None:
    # server/src/vehicles/trips.rs: volunteer_of — the desk names the volunteer (one who is not a
    # volunteer, or the passenger, is a 409).
    if b.get("volunteer_id") is None:
        b["volunteer_id"] = pick(persons(), len(b))


@body_rule("POST /api/v1/vehicle-trips/{id}/done")
def trip_done(b: dict, case) -> None:
    # server/src/vehicles/trips.rs: complete — 0 to the setting trip_max_km kilometres; no amount
    # with the contribution `none`.
    km = integral(b.get("km"))
    if km is not None and not 0 <= km <= trip_max_km():
        b["km"] = abs(km) % (trip_max_km() + 1)
    if b.get("contribution_kind", "none") == "none" and b.get("contribution_amount", 0) != 0:
        b["contribution_amount"] = 0


@body_rule("POST /api/v1/vehicles/{id}/claims")
def vehicle_claim(b: dict, case) -> None:
    # server/src/vehicles/upkeep.rs: record_claim — the day of the claim, today (UTC) or before.
    day = parse_date(b.get("occurred_on"))
    latest = utc_today() - dt.timedelta(days=1)
    if day is not None and day > latest:
        b["occurred_on"] = latest.isoformat()


@body_rule("POST /api/v1/vehicles/{id}/plans")
def vehicle_plan(b: dict, case) -> None:
    # server/src/vehicles/upkeep.rs: add_plan — every so many km, or every so many months.
    if b.get("every_km") is None and b.get("every_months") is None:
        b["every_months"] = 12


@body_rule("POST /api/v1/vehicles/{id}/workshop")
def vehicle_workshop(b: dict, case) -> None:
    # server/src/vehicles/workshop.rs: vet — the end after the start, at most 366 days later.
    order_instants(b, "start", "end", longest=dt.timedelta(days=366))


@body_rule("PUT /api/v1/persons/{id}/licence")
def driving_licence(b: dict, case) -> None:
    # server/src/vehicles/drivers.rs: record_licence — obtained today (UTC) or before; expiring
    # after it was obtained.
    obtained, expires = parse_date(b.get("obtained_on")), parse_date(b.get("expires_on"))
    if obtained is None:
        return
    latest = utc_today() - dt.timedelta(days=1)
    if obtained > latest:
        obtained = latest
        b["obtained_on"] = obtained.isoformat()
    if expires is not None and expires <= obtained:
        b["expires_on"] = (obtained + dt.timedelta(days=15 * 365)).isoformat()


# ------------------------------------------------------------------------------------------------
# Pictures (PUT /api/v1/vehicles/{id}/photo, PUT /api/v1/vehicle-damages/{id}/photo)
# ------------------------------------------------------------------------------------------------
# server/src/photos.rs: process decodes the body as a JPEG or a PNG (the document can only say
# "image/jpeg or image/png"); schemathesis would send any bytes. These strategies send real,
# small pictures, made here with the standard library.


def png(width: int, height: int, rgb: int) -> bytes:
    """A plain-coloured RGB PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes([(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255]) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int, height: int) -> bytes:
    """A plain mid-grey baseline JPEG: one component, every block's coefficients 0."""

    def segment(marker: int, data: bytes) -> bytes:
        return struct.pack(">HH", marker, len(data) + 2) + data

    # Two-code Huffman tables: symbol 0 is "00" (DC: difference 0; AC: end of block).
    table = bytes([0, 2] + [0] * 14) + bytes([0x00, 0x01])
    blocks = -(-width // 8) * -(-height // 8)
    bits = "0000" * blocks
    bits += "1" * (-len(bits) % 8)
    scan = bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits), 8))
    return (
        b"\xff\xd8"
        + segment(0xFFDB, b"\x00" + bytes([1] * 64))
        + segment(0xFFC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
        + segment(0xFFC4, b"\x00" + table)
        + segment(0xFFC4, b"\x10" + table)
        + segment(0xFFDA, b"\x01\x01\x00\x00\x3f\x00")
        + scan
        + b"\xff\xd9"
    )


_SIDE = st.integers(min_value=1, max_value=48)
schemathesis.openapi.media_type("image/png", st.builds(png, _SIDE, _SIDE, st.integers(0, 0xFFFFFF)))
schemathesis.openapi.media_type("image/jpeg", st.builds(jpeg, _SIDE, _SIDE))
