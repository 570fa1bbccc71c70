-- Booking platforms' calendars, read on a schedule (the way small hostels sync with Airbnb or
-- Booking.com): each event of a room's feed holds its nights through a stay of source `platform`,
-- like any other stay (the no-overbooking rules of 0011 apply unchanged). An event whose nights
-- are taken is kept here with what is in the way, for the desk: never silently dropped.

-- A platform's feed of one room.
CREATE TABLE hostel_room_imports (
    id               INTEGER PRIMARY KEY,
    room_id          INTEGER NOT NULL REFERENCES hostel_rooms(id),
    -- The platform's name as the desk says it (« Airbnb »): it names the stays it makes.
    platform         TEXT NOT NULL CHECK (length(platform) BETWEEN 1 AND 60),
    url              TEXT NOT NULL CHECK (length(url) BETWEEN 12 AND 2000
                         AND (url LIKE 'https://%' OR url LIKE 'http://%')),
    created_by_name  TEXT NOT NULL CHECK (length(created_by_name) BETWEEN 1 AND 120),
    created_at       TEXT NOT NULL,
    -- Removed feeds stay for the history of the stays they made.
    removed_at       TEXT,
    removed_by_name  TEXT,
    -- The last attempt to read it, the last one that worked, and why the last one failed (words
    -- for the desk; NULL once a read works).
    last_read_at     TEXT,
    last_ok_at       TEXT,
    last_error       TEXT CHECK (last_error IS NULL OR length(last_error) <= 500),
    -- How many events the last good read had.
    last_events      INTEGER NOT NULL DEFAULT 0,
    CHECK ((removed_at IS NULL) = (removed_by_name IS NULL))
);
CREATE UNIQUE INDEX hostel_room_imports_one ON hostel_room_imports(room_id, url)
    WHERE removed_at IS NULL;

-- One event of a feed: the nights it blocks, and the stay that holds them — or, when they are
-- taken, what is in the way (`conflict`, and no stay).
CREATE TABLE hostel_import_blocks (
    id           INTEGER PRIMARY KEY,
    import_id    INTEGER NOT NULL REFERENCES hostel_room_imports(id),
    event_uid    TEXT NOT NULL CHECK (length(event_uid) BETWEEN 1 AND 500),
    first_night  TEXT NOT NULL CHECK (date(first_night) = first_night),
    -- The morning after the last night (the event's DTEND).
    end_morning  TEXT NOT NULL CHECK (date(end_morning) = end_morning AND end_morning > first_night),
    summary      TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 200),
    stay_id      INTEGER REFERENCES hostel_stays(id),
    conflict     TEXT CHECK (conflict IS NULL OR length(conflict) <= 1000),
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    -- When the feed stopped listing it (its stay, not begun, was cancelled).
    gone_at      TEXT,
    UNIQUE (import_id, event_uid)
);
CREATE INDEX hostel_import_blocks_conflicts ON hostel_import_blocks(import_id)
    WHERE conflict IS NOT NULL AND gone_at IS NULL;
