-- The V30 hourly rollups were keyed by user_sub (exact distinct counts) and nearly as large as the events;
-- V31/V32 replace them. analytics_events_received_idx stays: the new maintenance windows are ranges of received_at.
DROP TABLE analytics_rollup_actors, analytics_rollup_pages, analytics_rollup_clicks, analytics_rollup_logins, analytics_rollup_state;
