-- The SEL (Système d'Échange Local): accounts, an append-only zero-sum ledger, activities and their
-- planned shifts (permanences), sign-ups, shift attendance badged at kiosks, the cooperative's
-- valuation scale (catalogue) and memberships. Unit: one minute.
--
-- Rules kept by the database itself, inside the writing transaction:
-- - operations and transfers are append-only (UPDATE, DELETE and REPLACE are refused);
-- - every transfer debits one account and credits another (zero-sum by construction);
-- - the balances kept on accounts change only through a transfer (an AFTER INSERT trigger), and a
--   member's floor and ceiling are enforced there unless an admin override gives a reason;
-- - a pending transfer is posted or voided at most once, for at most its amount;
-- - a shift never takes more sign-ups than it has places; a person has one open shift at a time.

CREATE TABLE sel_settings (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    unit_name              TEXT NOT NULL DEFAULT 'grains de sel' CHECK (length(unit_name) BETWEEN 1 AND 40),
    welcome_minutes        INTEGER NOT NULL DEFAULT 60 CHECK (welcome_minutes BETWEEN 0 AND 6000),
    default_floor          INTEGER NOT NULL DEFAULT -2000 CHECK (default_floor BETWEEN -100000 AND 0),
    default_ceiling        INTEGER NOT NULL DEFAULT 2000 CHECK (default_ceiling BETWEEN 0 AND 100000),
    -- Minutes present are rounded to the nearest multiple of this.
    rounding_minutes       INTEGER NOT NULL DEFAULT 5 CHECK (rounding_minutes BETWEEN 1 AND 60),
    -- A shift is credited at most its planned length plus this; a forgotten tap-out is closed then.
    tolerance_minutes      INTEGER NOT NULL DEFAULT 15 CHECK (tolerance_minutes BETWEEN 0 AND 240),
    -- The longest unplanned shift credited (and when a forgotten one is closed).
    unplanned_max_minutes  INTEGER NOT NULL DEFAULT 240 CHECK (unplanned_max_minutes BETWEEN 15 AND 720),
    -- A second tap this soon after the first is a repeat, not a tap-out.
    repeat_tap_seconds     INTEGER NOT NULL DEFAULT 120 CHECK (repeat_tap_seconds BETWEEN 0 AND 900),
    -- What an unpaid membership does at the kiosk: nothing, a warning line, or a refusal.
    membership_policy      TEXT NOT NULL DEFAULT 'warn' CHECK (membership_policy IN ('ignore', 'warn', 'refuse')),
    -- Whether a member → member exchange waits for the receiver's confirmation.
    exchange_confirmation  INTEGER NOT NULL DEFAULT 0 CHECK (exchange_confirmation IN (0, 1)),
    updated_at             TEXT
);
INSERT INTO sel_settings (id) VALUES (1);
CREATE TRIGGER sel_settings_keep BEFORE DELETE ON sel_settings
BEGIN
    SELECT RAISE(ABORT, 'sel_settings keeps its row');
END;

-- One account per member, plus the system accounts: the community pool (credits shifts and
-- welcome credits) and the cooperative (sells). Balances are kept here by the ledger's trigger.
CREATE TABLE sel_accounts (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('member', 'pool', 'cooperative')),
    person_id        INTEGER UNIQUE REFERENCES persons(id),
    label            TEXT NOT NULL,
    -- Per-member limits set by an admin (NULL: the settings' defaults), and why.
    floor            INTEGER CHECK (floor IS NULL OR floor BETWEEN -100000 AND 0),
    ceiling          INTEGER CHECK (ceiling IS NULL OR ceiling BETWEEN 0 AND 100000),
    limits_reason    TEXT,
    posted           INTEGER NOT NULL DEFAULT 0,
    debits_pending   INTEGER NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),
    credits_pending  INTEGER NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),
    last_transfer_no INTEGER NOT NULL DEFAULT 0,
    opened_at        TEXT NOT NULL,
    CHECK ((kind = 'member') = (person_id IS NOT NULL)),
    CHECK ((floor IS NULL AND ceiling IS NULL) OR length(limits_reason) > 0)
);
INSERT INTO sel_accounts (id, kind, label, opened_at)
    VALUES (1, 'pool', 'Caisse commune', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
           (2, 'cooperative', 'Coopérative', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

CREATE TRIGGER sel_accounts_no_delete BEFORE DELETE ON sel_accounts
BEGIN
    SELECT RAISE(ABORT, 'sel accounts are never deleted');
END;
-- An account opens empty (minutes come only through transfers), once per id and per person
-- (which also keeps INSERT OR REPLACE from swapping an account for another).
CREATE TRIGGER sel_accounts_open_empty BEFORE INSERT ON sel_accounts
WHEN NEW.posted <> 0 OR NEW.debits_pending <> 0 OR NEW.credits_pending <> 0
  OR NEW.last_transfer_no <> 0
  OR EXISTS (SELECT 1 FROM sel_accounts WHERE id = NEW.id)
  OR EXISTS (SELECT 1 FROM sel_accounts WHERE person_id = NEW.person_id)
BEGIN
    SELECT RAISE(ABORT, 'sel accounts open empty, once');
END;
-- Whose account it is never changes (a member's limits would go with it).
CREATE TRIGGER sel_accounts_owner_fixed BEFORE UPDATE OF id, kind, person_id ON sel_accounts
WHEN NEW.id IS NOT OLD.id OR NEW.kind IS NOT OLD.kind OR NEW.person_id IS NOT OLD.person_id
BEGIN
    SELECT RAISE(ABORT, 'an SEL account keeps its owner');
END;

-- An operation is what a caller asks for once: its id makes a retry harmless (same id and same
-- request: the stored result; same id, another request: refused by the application).
CREATE TABLE sel_operations (
    id              TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 80),
    kind            TEXT NOT NULL,
    request         TEXT NOT NULL CHECK (json_valid(request)),
    created_at      TEXT NOT NULL,
    author_user_id  INTEGER REFERENCES users(id),
    author          TEXT NOT NULL
);

CREATE TABLE sel_transfers (
    no               INTEGER PRIMARY KEY,
    operation_id     TEXT NOT NULL REFERENCES sel_operations(id),
    debit_account    INTEGER NOT NULL REFERENCES sel_accounts(id),
    credit_account   INTEGER NOT NULL REFERENCES sel_accounts(id),
    amount           INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 100000),
    kind             TEXT NOT NULL CHECK (kind IN ('shift', 'exchange', 'purchase', 'welcome',
                                                   'correction', 'workshop')),
    -- posted: final; pending: reserved until a 'post' (for at most its amount) or a 'void'.
    phase            TEXT NOT NULL CHECK (phase IN ('posted', 'pending', 'post', 'void')),
    pending_no       INTEGER REFERENCES sel_transfers(no),
    corrects_no      INTEGER REFERENCES sel_transfers(no),
    memo             TEXT NOT NULL DEFAULT '' CHECK (length(memo) <= 200),
    reason           TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
    -- An admin let this transfer pass a member's floor or ceiling, and said why.
    override_reason  TEXT CHECK (override_reason IS NULL OR length(override_reason) BETWEEN 1 AND 500),
    session_id       INTEGER,
    created_at       TEXT NOT NULL,
    CHECK (debit_account <> credit_account),
    CHECK ((phase IN ('post', 'void')) = (pending_no IS NOT NULL)),
    CHECK (amount > 0 OR phase IN ('post', 'void')),
    CHECK (kind <> 'correction' OR (corrects_no IS NOT NULL AND reason IS NOT NULL))
);
CREATE INDEX sel_transfers_debit ON sel_transfers(debit_account, no);
CREATE INDEX sel_transfers_credit ON sel_transfers(credit_account, no);
CREATE INDEX sel_transfers_operation ON sel_transfers(operation_id);
CREATE INDEX sel_transfers_corrects ON sel_transfers(corrects_no) WHERE corrects_no IS NOT NULL;
-- A pending transfer is resolved once.
CREATE UNIQUE INDEX sel_transfers_resolved_once ON sel_transfers(pending_no) WHERE pending_no IS NOT NULL;

-- The one change allowed: at a GDPR erasure, the author's name becomes `efface-{account id}`.
CREATE TRIGGER sel_operations_no_update BEFORE UPDATE ON sel_operations
WHEN NOT (NEW.id = OLD.id AND NEW.kind = OLD.kind AND NEW.request = OLD.request
          AND NEW.created_at = OLD.created_at AND NEW.author_user_id IS OLD.author_user_id
          AND OLD.author NOT LIKE 'efface-%'
          AND NEW.author = 'efface-' || OLD.author_user_id)
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only');
END;
CREATE TRIGGER sel_operations_no_delete BEFORE DELETE ON sel_operations
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only');
END;
CREATE TRIGGER sel_operations_no_replace BEFORE INSERT ON sel_operations
WHEN EXISTS (SELECT 1 FROM sel_operations WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only');
END;
CREATE TRIGGER sel_transfers_no_update BEFORE UPDATE ON sel_transfers
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only');
END;
CREATE TRIGGER sel_transfers_no_delete BEFORE DELETE ON sel_transfers
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only');
END;

-- Before a transfer is written: not a replacement; a post or void resolves a pending transfer of
-- the same accounts, for at most its amount (a void releases exactly it).
CREATE TRIGGER sel_transfers_check BEFORE INSERT ON sel_transfers
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only')
    WHERE NEW.no IS NOT NULL AND EXISTS (SELECT 1 FROM sel_transfers WHERE no = NEW.no);
    SELECT RAISE(ABORT, 'sel_not_pending')
    WHERE NEW.pending_no IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM sel_transfers p
        WHERE p.no = NEW.pending_no AND p.phase = 'pending'
          AND p.debit_account = NEW.debit_account AND p.credit_account = NEW.credit_account
          AND (NEW.phase = 'post' AND NEW.amount <= p.amount
               OR NEW.phase = 'void' AND NEW.amount = p.amount));
    -- (also what keeps INSERT OR REPLACE from swapping a resolution for another)
    SELECT RAISE(ABORT, 'sel_not_pending')
    WHERE NEW.pending_no IS NOT NULL
      AND EXISTS (SELECT 1 FROM sel_transfers WHERE pending_no = NEW.pending_no);
    SELECT RAISE(ABORT, 'sel_account_unknown')
    WHERE NOT EXISTS (SELECT 1 FROM sel_accounts WHERE id = NEW.debit_account)
       OR NOT EXISTS (SELECT 1 FROM sel_accounts WHERE id = NEW.credit_account);
END;

-- After a transfer is written: the balances move, then the limits are checked on the new
-- balances. Available = posted − debits pending (≥ floor); reach = posted + credits pending
-- (≤ ceiling). Posting or voiding never tightens a limit, so only new money is checked.
CREATE TRIGGER sel_transfers_apply AFTER INSERT ON sel_transfers
BEGIN
    UPDATE sel_accounts SET
        posted = posted - CASE WHEN NEW.phase IN ('posted', 'post') THEN NEW.amount ELSE 0 END,
        debits_pending = debits_pending
            + CASE NEW.phase WHEN 'pending' THEN NEW.amount
                             WHEN 'post' THEN -(SELECT amount FROM sel_transfers WHERE no = NEW.pending_no)
                             WHEN 'void' THEN -NEW.amount ELSE 0 END,
        last_transfer_no = NEW.no
    WHERE id = NEW.debit_account;
    UPDATE sel_accounts SET
        posted = posted + CASE WHEN NEW.phase IN ('posted', 'post') THEN NEW.amount ELSE 0 END,
        credits_pending = credits_pending
            + CASE NEW.phase WHEN 'pending' THEN NEW.amount
                             WHEN 'post' THEN -(SELECT amount FROM sel_transfers WHERE no = NEW.pending_no)
                             WHEN 'void' THEN -NEW.amount ELSE 0 END,
        last_transfer_no = NEW.no
    WHERE id = NEW.credit_account;
    SELECT RAISE(ABORT, 'sel_below_floor')
    FROM sel_accounts a, sel_settings s
    WHERE a.id = NEW.debit_account AND a.kind = 'member' AND s.id = 1
      AND NEW.phase IN ('posted', 'pending') AND NEW.override_reason IS NULL
      AND a.posted - a.debits_pending < COALESCE(a.floor, s.default_floor);
    SELECT RAISE(ABORT, 'sel_above_ceiling')
    FROM sel_accounts a, sel_settings s
    WHERE a.id = NEW.credit_account AND a.kind = 'member' AND s.id = 1
      AND NEW.phase IN ('posted', 'pending') AND NEW.override_reason IS NULL
      AND a.posted + a.credits_pending > COALESCE(a.ceiling, s.default_ceiling);
END;

-- The balances on an account change only as the latest transfer's effect, once, never by hand.
CREATE TRIGGER sel_accounts_balances_guard
BEFORE UPDATE OF posted, debits_pending, credits_pending, last_transfer_no ON sel_accounts
WHEN NEW.last_transfer_no IS NOT (SELECT max(no) FROM sel_transfers)
  OR NEW.last_transfer_no <= OLD.last_transfer_no
  OR NOT EXISTS (SELECT 1 FROM sel_transfers t
                 WHERE t.no = NEW.last_transfer_no AND OLD.id IN (t.debit_account, t.credit_account))
BEGIN
    SELECT RAISE(ABORT, 'SEL balances change only through a transfer');
END;

-- Activities served by SEL shifts (café, épicerie, atelier vélo…), and the kiosk where they are
-- badged. An activity that accepts unplanned shifts lets anyone start one at its kiosk.
CREATE TABLE sel_activities (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    kiosk_id           TEXT REFERENCES kiosks(id),
    accepts_unplanned  INTEGER NOT NULL DEFAULT 0 CHECK (accepts_unplanned IN (0, 1)),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at         TEXT NOT NULL
);

-- A weekly series of shifts as it was asked for (local times, Europe/Paris rules), and its
-- occurrences, resolved to UTC instants when the series is created.
CREATE TABLE sel_series (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES sel_activities(id),
    rrule        TEXT NOT NULL,
    start_local  TEXT NOT NULL,          -- HH:MM
    end_local    TEXT NOT NULL,          -- HH:MM, the next day when not after start_local
    places       INTEGER NOT NULL CHECK (places BETWEEN 1 AND 100),
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);

CREATE TABLE sel_shifts (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES sel_activities(id),
    series_id     INTEGER REFERENCES sel_series(id),
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    places        INTEGER NOT NULL CHECK (places BETWEEN 1 AND 100),
    note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 200),
    cancelled_at  TEXT,
    created_at    TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX sel_shifts_starts ON sel_shifts(starts_at);
CREATE INDEX sel_shifts_activity ON sel_shifts(activity_id, starts_at);

CREATE TABLE sel_signups (
    id            INTEGER PRIMARY KEY,
    shift_id      INTEGER NOT NULL REFERENCES sel_shifts(id),
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    signed_at     TEXT NOT NULL,
    signed_by     TEXT NOT NULL,
    withdrawn_at  TEXT,
    withdrawn_by  TEXT
);
CREATE UNIQUE INDEX sel_signups_once ON sel_signups(shift_id, person_id) WHERE withdrawn_at IS NULL;
CREATE INDEX sel_signups_person ON sel_signups(person_id);
CREATE TRIGGER sel_signups_places BEFORE INSERT ON sel_signups
WHEN NEW.withdrawn_at IS NULL
 AND (SELECT count(*) FROM sel_signups WHERE shift_id = NEW.shift_id AND withdrawn_at IS NULL)
     >= (SELECT places FROM sel_shifts WHERE id = NEW.shift_id)
BEGIN
    SELECT RAISE(ABORT, 'sel_shift_full');
END;
CREATE TRIGGER sel_signups_no_delete BEFORE DELETE ON sel_signups
BEGIN
    SELECT RAISE(ABORT, 'sign-ups are withdrawn, never deleted');
END;
CREATE TRIGGER sel_signups_no_replace BEFORE INSERT ON sel_signups
WHEN EXISTS (SELECT 1 FROM sel_signups WHERE id = NEW.id)
  OR NEW.withdrawn_at IS NULL AND EXISTS (SELECT 1 FROM sel_signups WHERE shift_id = NEW.shift_id
                                          AND person_id = NEW.person_id AND withdrawn_at IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'sel_already_signed_up');
END;

-- A shift as it was served: opened by a first tap (a pending credit), closed by the next tap,
-- by the desk, or automatically when the tap-out was forgotten. `review` lists, space-separated,
-- why a human should look (unplanned, forgotten, clock_skew).
CREATE TABLE sel_sessions (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES persons(id),
    activity_id     INTEGER NOT NULL REFERENCES sel_activities(id),
    shift_id        INTEGER REFERENCES sel_shifts(id),
    kiosk_id        TEXT,
    start_event_id  TEXT,
    started_at      TEXT NOT NULL,
    -- When it is closed if nobody taps out.
    close_by        TEXT NOT NULL,
    -- The most minutes it can credit.
    cap_minutes     INTEGER NOT NULL CHECK (cap_minutes > 0),
    pending_no      INTEGER NOT NULL REFERENCES sel_transfers(no),
    end_event_id    TEXT,
    ended_at        TEXT,
    end_kind        TEXT CHECK (end_kind IN ('tap', 'auto', 'desk')),
    minutes         INTEGER CHECK (minutes >= 0),
    resolution_no   INTEGER REFERENCES sel_transfers(no),
    review          TEXT NOT NULL DEFAULT '',
    reviewed_at     TEXT,
    reviewed_by     TEXT,
    review_note     TEXT,
    CHECK ((ended_at IS NULL) = (end_kind IS NULL))
);
CREATE UNIQUE INDEX sel_sessions_one_open ON sel_sessions(person_id) WHERE ended_at IS NULL;
CREATE INDEX sel_sessions_close_by ON sel_sessions(close_by) WHERE ended_at IS NULL;
CREATE INDEX sel_sessions_review ON sel_sessions(id) WHERE review <> '' AND reviewed_at IS NULL;
CREATE INDEX sel_sessions_started ON sel_sessions(started_at);
CREATE TRIGGER sel_sessions_no_delete BEFORE DELETE ON sel_sessions
BEGIN
    SELECT RAISE(ABORT, 'SEL shifts served are never deleted');
END;
CREATE TRIGGER sel_sessions_no_replace BEFORE INSERT ON sel_sessions
WHEN EXISTS (SELECT 1 FROM sel_sessions WHERE id = NEW.id)
  OR NEW.ended_at IS NULL AND EXISTS (SELECT 1 FROM sel_sessions WHERE person_id = NEW.person_id
                                      AND ended_at IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'SEL shifts served are never replaced');
END;

-- The cooperative's valuation scale: products and services priced in minutes.
CREATE TABLE sel_catalogue (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
    category       TEXT NOT NULL DEFAULT '' CHECK (length(category) <= 40),
    price_minutes  INTEGER NOT NULL CHECK (price_minutes BETWEEN 1 AND 6000),
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- What a purchase bought, at the price of the day. Append-only with its operation.
CREATE TABLE sel_sale_lines (
    id             INTEGER PRIMARY KEY,
    operation_id   TEXT NOT NULL REFERENCES sel_operations(id),
    item_id        INTEGER REFERENCES sel_catalogue(id),
    label          TEXT NOT NULL,
    quantity       INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_minutes   INTEGER NOT NULL CHECK (unit_minutes BETWEEN 1 AND 6000)
);
CREATE INDEX sel_sale_lines_operation ON sel_sale_lines(operation_id);
CREATE TRIGGER sel_sale_lines_no_update BEFORE UPDATE ON sel_sale_lines
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only');
END;
CREATE TRIGGER sel_sale_lines_no_delete BEFORE DELETE ON sel_sale_lines
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only');
END;
CREATE TRIGGER sel_sale_lines_no_replace BEFORE INSERT ON sel_sale_lines
WHEN EXISTS (SELECT 1 FROM sel_sale_lines WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'the SEL ledger is append-only');
END;

-- Membership years: a row says the person is a member that year; the fee is paid or not.
CREATE TABLE sel_memberships (
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    year         INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    fee_paid_at  TEXT,
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    PRIMARY KEY (person_id, year)
);

-- The periodic reconciliation: balances recomputed from the transfers, compared with the stored
-- ones, and the ledger's zero sum.
CREATE TABLE sel_reconciliations (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    ok              INTEGER NOT NULL CHECK (ok IN (0, 1)),
    accounts        INTEGER NOT NULL,
    transfers       INTEGER NOT NULL,
    mismatches      INTEGER NOT NULL,
    detail          TEXT NOT NULL
);
