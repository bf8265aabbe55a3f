-- /customers under a section prefix from a rollup (issue 14).
--
-- analytics_rollup_customer_sections: per (UTC day, surface, section, customer) what /customers shows of a customer —
-- page views (the ranking), the last event, and sketches of its users and sessions — and its number of events. Before,
-- /customers with a path_prefix read every raw event under the prefix (1.1 s for 30 days at 10 M events, 26 s at
-- 100 M). Day grain only, no '*' surface and only events with a customer: a customer's sections per day are already
-- about a quarter of the events' count at the bench's spread (5,000 customers × 10 sections × 4 surfaces), so hour
-- rows would be about as many as the events. A partial day at a range's end is read as raw events, or for the ranking
-- as the day row minus the raw events outside the range where those are fewer (a customer is in the range if events
-- remain). The key leads with the section (read only under a prefix; the "C" collation lets the prefix's byte range
-- seek, see V38) and carries page_views and events so the ranking is an index-only scan.
--
-- Every rollup is emptied: the dashboard's rollup job rebuilds them from the stored events (queries read raw events
-- for whatever the rollups do not cover yet, so answers stay correct meanwhile, only slower).

TRUNCATE analytics_rollup_watermark, analytics_rollup_totals, analytics_rollup_paths, analytics_rollup_sections, analytics_rollup_labels,
    analytics_rollup_label_paths, analytics_rollup_label_sections, analytics_rollup_outcomes, analytics_rollup_user_sessions;

CREATE TABLE analytics_rollup_customer_sections (
    grain       char(1)     NOT NULL CHECK (grain = 'd'),
    bucket      timestamptz NOT NULL,
    surface     text        NOT NULL,
    section     text        COLLATE "C" NOT NULL,
    customer_id bigint      NOT NULL,
    page_views  bigint      NOT NULL,
    events      bigint      NOT NULL,
    last_seen   timestamptz NOT NULL,
    users       bytea,
    sessions    bytea       NOT NULL,
    PRIMARY KEY (grain, section, surface, bucket, customer_id) INCLUDE (page_views, events)
);

ALTER TABLE analytics_rollup_customer_sections SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
