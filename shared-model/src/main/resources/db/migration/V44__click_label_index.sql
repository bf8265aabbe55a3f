-- Clicks of named labels, read index-only (issue 27, 28): /accounts counts the distinct users of each key action per
-- customer exactly from the raw clicks of those labels (ANALYTICS_KEY_ACTIONS, a configuration, so no rollup holds
-- them), and /funnel reads the clicks of its click steps by session or user. Only clicks pay for it on ingest
-- (docs/dashboard.md "Raw-event indexes").
CREATE INDEX analytics_events_click_label_idx ON analytics_events (label, occurred_at)
    INCLUDE (customer_id, surface, user_sub, session_id, event_id) WHERE type = 'click';
