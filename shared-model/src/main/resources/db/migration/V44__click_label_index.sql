-- /accounts (issue 27): the distinct users of each key action per customer are counted exactly from the raw clicks of
-- those labels (ANALYTICS_KEY_ACTIONS, a configuration, so no rollup holds them). This partial index reads exactly
-- those clicks of the range; only clicks pay for it on ingest (docs/dashboard.md "Raw-event indexes").
CREATE INDEX analytics_events_click_label_idx ON analytics_events (label, occurred_at) WHERE type = 'click';
