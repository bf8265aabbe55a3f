-- /clicks names the element tag clicked most under each label: the click rollup keeps `element` as a key too.
-- Rows rolled before this migration have no element, so the rolled hours are recomputed here (same grouping as
-- dashboard-service RollupRepository.INSERT_CLICKS); hours not rolled yet are left to the job as before.
ALTER TABLE analytics_rollup_clicks ADD COLUMN element text;

TRUNCATE analytics_rollup_clicks;
INSERT INTO analytics_rollup_clicks (hour, customer_id, surface, label, element, page_path, user_sub, clicks)
SELECT date_trunc('hour', occurred_at, 'UTC'), customer_id, surface, label, element, page_path, user_sub, count(*)
FROM analytics_events
WHERE type = 'click' AND occurred_at < (SELECT rolled_until FROM analytics_rollup_state)
GROUP BY 1, 2, 3, 4, 5, 6, 7;
