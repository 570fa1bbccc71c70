-- The next shift acknowledges the handover note (main courante): who read it, when, on which
-- shift. Once per note, never changed.
CREATE TABLE logbook_handover_reads (
    entry_id  INTEGER PRIMARY KEY REFERENCES logbook_entries(id),
    user_id   INTEGER NOT NULL REFERENCES users(id),
    by_name   TEXT NOT NULL CHECK (length(by_name) BETWEEN 1 AND 120),
    read_at   TEXT NOT NULL,
    shift     TEXT NOT NULL CHECK (length(shift) BETWEEN 1 AND 40)
);

CREATE TRIGGER logbook_handover_reads_insert BEFORE INSERT ON logbook_handover_reads
BEGIN
    SELECT RAISE(ABORT, 'logbook: only a handover note is acknowledged')
    WHERE (SELECT kind FROM logbook_entries WHERE id = NEW.entry_id) IS NOT 'handover';
    SELECT RAISE(ABORT, 'logbook: a handover note is acknowledged by the next shift')
    WHERE (SELECT shift FROM logbook_entries WHERE id = NEW.entry_id) = NEW.shift;
END;
CREATE TRIGGER logbook_handover_reads_fixed BEFORE UPDATE ON logbook_handover_reads
BEGIN
    SELECT RAISE(ABORT, 'logbook: an acknowledgement is never changed');
END;
CREATE TRIGGER logbook_handover_reads_no_delete BEFORE DELETE ON logbook_handover_reads
BEGIN
    SELECT RAISE(ABORT, 'logbook: an acknowledgement is never deleted');
END;
