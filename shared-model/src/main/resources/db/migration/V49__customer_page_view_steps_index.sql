-- /funnel's page steps of one customer (issue 28), read index-only: led by the customer, so a customer's step reads
-- its own page views of the path instead of every customer's (10 M events, the most viewed path: 450,000 entries of
-- V46's index filtered down to 761, 72 ms; 0.8 ms with this one). Only page views with a customer pay for it on ingest
-- (docs/dashboard.md "Raw-event indexes"). The path in byte order, as V46: a prefix step is an exact index range.
CREATE INDEX analytics_events_customer_page_view_steps_idx ON analytics_events (customer_id, (page_path COLLATE "C"), occurred_at)
    INCLUDE (surface, user_sub, session_id, event_id) WHERE type = 'page_view' AND customer_id IS NOT NULL;
