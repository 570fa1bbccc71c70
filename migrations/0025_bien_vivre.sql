-- The Bien-Vivre dashboard (seed, annex 2 « Compter autrement »): the eight criteria are fixed
-- in the code; this holds the indicators entered by hand and their entries, the admin's switches
-- over every indicator (computed or entered), the committee's commentaries for the journée
-- citoyenne, and who sits on the citizens' committee.

-- The admin's switches, by indicator key. No row: the defaults (shown to staff and the committee,
-- not published, no target).
CREATE TABLE bv_settings (
    key              TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 60),
    enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    -- Shown on the public page (/bien-vivre/public).
    published        INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    -- The yearly target, in the indicator's unit.
    target           REAL CHECK (target IS NULL OR abs(target) < 1e12),
    updated_by_name  TEXT NOT NULL CHECK (length(updated_by_name) BETWEEN 1 AND 120),
    updated_at       TEXT NOT NULL
);

-- Indicators entered by hand: meters, waste weighed, a survey's result, a count of partners.
CREATE TABLE bv_entered (
    id               INTEGER PRIMARY KEY,
    -- `e_` and a slug of the name, unique among every indicator's keys.
    key              TEXT NOT NULL UNIQUE CHECK (length(key) BETWEEN 3 AND 60 AND key GLOB 'e_*'),
    criterion        INTEGER NOT NULL CHECK (criterion BETWEEN 1 AND 8),
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    name_en          TEXT NOT NULL DEFAULT '' CHECK (length(name_en) <= 120),
    unit             TEXT NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),
    better           TEXT NOT NULL CHECK (better IN ('higher', 'lower')),
    -- meter: cumulative readings, a period's value is what was used in it;
    -- sum: amounts added up (kilograms of waste weighed);
    -- last: the latest value (a survey's result, a count of partners).
    kind             TEXT NOT NULL CHECK (kind IN ('meter', 'sum', 'last')),
    created_by_name  TEXT NOT NULL CHECK (length(created_by_name) BETWEEN 1 AND 120),
    created_at       TEXT NOT NULL
);

-- What was entered, never overwritten: a mistake is corrected by a new entry naming the one it
-- replaces (with a reason); a meter reading lower than the one before needs a reason (a new meter)
-- and starts a new count.
CREATE TABLE bv_entries (
    id                 INTEGER PRIMARY KEY,
    entered_id         INTEGER NOT NULL REFERENCES bv_entered(id),
    on_date            TEXT NOT NULL
                       CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    value              REAL NOT NULL CHECK (abs(value) < 1e12),
    reason             TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    -- A meter's reading after a replacement or a reset: what was used is counted from it on.
    restart            INTEGER NOT NULL DEFAULT 0 CHECK (restart IN (0, 1)),
    corrects           INTEGER REFERENCES bv_entries(id),
    entered_by_user    INTEGER REFERENCES users(id),
    entered_by_name    TEXT NOT NULL CHECK (length(entered_by_name) BETWEEN 1 AND 120),
    entered_at         TEXT NOT NULL,
    CHECK (corrects IS NULL OR length(reason) > 0),
    CHECK (restart = 0 OR length(reason) > 0)
);
CREATE INDEX bv_entries_by_indicator ON bv_entries(entered_id, on_date);
-- An entry is corrected once; the correction itself may be corrected.
CREATE UNIQUE INDEX bv_entries_corrected_once ON bv_entries(corrects) WHERE corrects IS NOT NULL;

-- The only change allowed: at a GDPR erasure, the author's name becomes « (effacé) ».
CREATE TRIGGER bv_entries_no_update BEFORE UPDATE ON bv_entries
WHEN NOT (NEW.id = OLD.id AND NEW.entered_id = OLD.entered_id AND NEW.on_date = OLD.on_date
          AND NEW.value = OLD.value AND NEW.reason = OLD.reason AND NEW.restart = OLD.restart
          AND NEW.corrects IS OLD.corrects AND NEW.entered_by_user IS OLD.entered_by_user
          AND NEW.entered_at = OLD.entered_at AND NEW.entered_by_name = '(effacé)')
BEGIN
    SELECT RAISE(ABORT, 'Bien-Vivre entries are append-only');
END;
CREATE TRIGGER bv_entries_no_delete BEFORE DELETE ON bv_entries
BEGIN
    SELECT RAISE(ABORT, 'Bien-Vivre entries are append-only');
END;

-- The committee's commentary on a criterion for a year's report; a new version is a new row,
-- the latest is shown, every version kept.
CREATE TABLE bv_commentaries (
    id                INTEGER PRIMARY KEY,
    year              INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
    criterion         INTEGER NOT NULL CHECK (criterion BETWEEN 1 AND 8),
    body              TEXT NOT NULL CHECK (length(body) <= 4000),
    written_by_user   INTEGER REFERENCES users(id),
    written_by_name   TEXT NOT NULL CHECK (length(written_by_name) BETWEEN 1 AND 120),
    written_at        TEXT NOT NULL
);
CREATE INDEX bv_commentaries_by_year ON bv_commentaries(year, criterion, id);
CREATE TRIGGER bv_commentaries_no_update BEFORE UPDATE ON bv_commentaries
WHEN NOT (NEW.id = OLD.id AND NEW.year = OLD.year AND NEW.criterion = OLD.criterion
          AND NEW.body = OLD.body AND NEW.written_by_user IS OLD.written_by_user
          AND NEW.written_at = OLD.written_at AND NEW.written_by_name = '(effacé)')
BEGIN
    SELECT RAISE(ABORT, 'commentaries are kept');
END;
CREATE TRIGGER bv_commentaries_no_delete BEFORE DELETE ON bv_commentaries
BEGIN
    SELECT RAISE(ABORT, 'commentaries are kept');
END;

-- The citizens' committee: accounts (residents, associations' representatives) that see the whole
-- dashboard and write the report's commentaries, like the staff.
CREATE TABLE bv_committee (
    user_id          INTEGER PRIMARY KEY REFERENCES users(id),
    added_by_name    TEXT NOT NULL CHECK (length(added_by_name) BETWEEN 1 AND 120),
    added_at         TEXT NOT NULL
);

-- The starting set of indicators entered by hand (the admin adds others).
INSERT INTO bv_entered (key, criterion, name, name_en, unit, better, kind, created_by_name, created_at)
VALUES
    ('e_eau', 8, 'Eau consommée (compteur)', 'Water used (meter)', 'm³', 'lower', 'meter', 'citeosquare', '2026-12-06T00:00:00.000Z'),
    ('e_electricite', 8, 'Électricité consommée (compteur)', 'Electricity used (meter)', 'kWh', 'lower', 'meter', 'citeosquare', '2026-12-06T00:00:00.000Z'),
    ('e_gaz', 8, 'Gaz consommé (compteur)', 'Gas used (meter)', 'm³', 'lower', 'meter', 'citeosquare', '2026-12-06T00:00:00.000Z'),
    ('e_dechets', 8, 'Déchets pesés', 'Waste weighed', 'kg', 'lower', 'sum', 'citeosquare', '2026-12-06T00:00:00.000Z'),
    ('e_sante_enquete', 2, 'Se sentir en bonne santé (enquête annuelle)', 'Feeling in good health (yearly survey)', '%', 'higher', 'last', 'citeosquare', '2026-12-06T00:00:00.000Z'),
    ('e_entreprises_partenaires', 3, 'Entreprises partenaires engagées', 'Partner businesses involved', 'entreprises', 'higher', 'last', 'citeosquare', '2026-12-06T00:00:00.000Z'),
    ('e_frugalite_achats', 6, 'Achats d''équipement neuf', 'New equipment bought', '€', 'lower', 'sum', 'citeosquare', '2026-12-06T00:00:00.000Z'),
    ('e_panier_prix', 7, 'Prix du panier bio local', 'Price of the local organic basket', '€', 'lower', 'last', 'citeosquare', '2026-12-06T00:00:00.000Z');
