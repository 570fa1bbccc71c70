-- The SEL's year in figures (the journée citoyenne report's table: minutes per activity and month,
-- shifts, participants, newcomers, purchases, exchanges) kept once the year is settled, as the
-- indicators' values are (0027): reading five years of the ledger again at every visit of
-- /bien-vivre/rapport took two seconds (BENCHMARKS.md, « Bien-Vivre »).
--
-- It is kept in `bv_measured` under the key `sel_year_summary` (the local year as the period),
-- with the figures as JSON in `detail` and no `value`, so that 0027's triggers on the SEL's
-- transfers and sessions remove it as they remove the SEL's indicators. The table names each
-- activity, so renaming one removes the kept years too.
ALTER TABLE bv_measured ADD COLUMN detail TEXT;

CREATE TRIGGER bv_measured_sel_activity_renamed AFTER UPDATE OF name ON sel_activities
WHEN OLD.name IS NOT NEW.name
BEGIN
    DELETE FROM bv_measured WHERE key = 'sel_year_summary';
    UPDATE bv_measured_state SET generation = generation + 1;
END;
