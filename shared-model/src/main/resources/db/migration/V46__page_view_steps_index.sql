-- /funnel's page steps (issue 28), read index-only: the page views of one path (or the paths under a prefix) with the
-- session, user and event id a step needs, and the filters. Without it a popular page's step reads its views from all
-- over the table (10 M events: 1.5 s for the most viewed path, 116 ms with it). Only page views pay for it on ingest
-- (docs/dashboard.md "Raw-event indexes"). The path in byte order (COLLATE "C", as the rollups' path columns, V38): a
-- prefix step is then an exact index range under any database collation (a LIKE uses an index only under "C").
CREATE INDEX analytics_events_page_view_steps_idx ON analytics_events ((page_path COLLATE "C"), occurred_at)
    INCLUDE (customer_id, surface, user_sub, session_id, event_id) WHERE type = 'page_view';
