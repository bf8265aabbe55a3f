-- The rollup watermark is a position in commit order, not a clock (issue 26). Every event carries the id of the
-- transaction that stored it (xact_id). The rollups hold exactly the events before the watermark in
-- (xact_id, occurred_at) order, and a rollup window never ends after the oldest transaction still running
-- (pg_snapshot_xmin(pg_current_snapshot())): a row that commits late — a lock, a slow ingest pod clock, a retried
-- batch — has a newer xact_id than any window already folded, so it is read raw until the next window folds it.
-- occurred_at orders the events of one transaction, so a window can end inside a large one (a bulk load).

-- Existing rows get 0 (PostgreSQL stores the constant once, no rewrite); new rows their transaction's id.
ALTER TABLE analytics_events ADD COLUMN xact_id bigint NOT NULL DEFAULT 0;
ALTER TABLE analytics_events ALTER COLUMN xact_id SET DEFAULT (pg_current_xact_id()::text::bigint);

ALTER TABLE analytics_rollup_watermark
    ADD COLUMN folded_xact     bigint,      -- every event with xact_id below this is folded ...
    ADD COLUMN folded_occurred timestamptz, -- ... and of transaction folded_xact, those that occurred before this (null: none)
    ADD COLUMN caught_up_at    timestamptz; -- database time of the last window that left nothing committed unfolded

-- Rows the old watermark had not folded yet become this transaction's, which the new watermark puts after itself.
UPDATE analytics_events SET xact_id = pg_current_xact_id()::text::bigint
WHERE received_at >= (SELECT received_until FROM analytics_rollup_watermark);
UPDATE analytics_rollup_watermark SET folded_xact = pg_current_xact_id()::text::bigint;

ALTER TABLE analytics_rollup_watermark DROP COLUMN received_until, ALTER COLUMN folded_xact SET NOT NULL;

-- Rollup windows, and the raw tail every answer reads: (xact_id, occurred_at) >= the watermark.
CREATE INDEX analytics_events_xact_idx ON analytics_events (xact_id, occurred_at);
-- Nothing reads by received_at any more (windows were ranges of it): one index less for every insert.
DROP INDEX analytics_events_received_idx;
