-- Small groups kept from view (issue 29): /logins folds every breakdown row with fewer distinct signed-in users than
-- ANALYTICS_MIN_GROUP_USERS into one "other" row, so each login outcome row carries the users it counted: an HLL
-- sketch (as every other cube's users; NULL = no signed-in user). The rows folded before this migration get theirs
-- once, from their login events, by the rollup job's first window (OutcomeUsersBackfill, recorded in
-- analytics_rollup_backfill); until then /logins reads raw events.
ALTER TABLE analytics_rollup_outcomes ADD COLUMN users bytea;
