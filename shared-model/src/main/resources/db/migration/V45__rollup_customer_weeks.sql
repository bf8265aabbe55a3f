-- /accounts (issue 27) ranks every customer by its users over the range and the period before: from day rows that is
-- ~30 rows per customer and 30 days (5,000 customers: 150,000 sketches per period). Week rows ('w', bucket = Monday
-- 00:00 UTC) of the per-customer, every-surface totals ('*', customer_id <> 0) make it ~4 week rows and the days at the
-- ends. The rollup job folds events into them like day rows; the week rows of the events folded before this migration
-- are built once by the job from the day rows (RollupRepository.backfillWeekRows), which then records it here — until
-- then no answer reads week rows.
ALTER TABLE analytics_rollup_totals DROP CONSTRAINT analytics_rollup_totals_grain_check,
    ADD CONSTRAINT analytics_rollup_totals_grain_check CHECK (grain IN ('h', 'd', 'w'));

CREATE TABLE analytics_rollup_backfill (
    what    text        PRIMARY KEY,
    done_at timestamptz NOT NULL
);
