-- Clicks per label without one row per (label, path, element) and hour (issue 14): with labels used on many pages
-- those rows were about one per click, so /clicks and the rollup job read and wrote nearly as many rows as events.
--
-- analytics_rollup_labels: per (grain, bucket, surface, label), surface '*' = every surface (the unfiltered /clicks
-- reads ~30 day rows per label). Besides clicks and the users sketch, two frequent-items sketches (Apache DataSketches
-- ItemsSketch of strings, weighted by clicks): the label's pages and element tags, for its top page and top element.
-- They hold exact counts while a row has at most 48 pages / 12 tags, and bounded estimates beyond.
--
-- analytics_rollup_label_paths: per (UTC day, surface, label, page_path, element) for path_prefix questions; their
-- partial days are read from raw events. Day grain only (grain is always 'd', kept so the cubes share one shape).
--
-- analytics_rollup_totals and analytics_rollup_paths gain day rows with surface '*' (every surface; no schema
-- change): ranking 30 days of customers or paths without a surface reads one row per key and day, not one per surface.
-- Their primary keys also carry the ranking counters (INCLUDE), so a ranking is an index-only scan, not a read of
-- rows that hold ~2 KB sketches; a second index per table leads with the surface, so a question about one surface
-- (or the '*' rows) reads only that surface's entries of the time range, not every surface's.
--
-- analytics_rollup_outcomes is keyed by page_path too (logins happen on a few pages), so /logins answers a
-- path_prefix from the cube.
--
-- Every rollup is emptied: the dashboard's rollup job rebuilds them from the stored events (queries read raw events
-- for whatever the rollups do not cover yet, so answers stay correct meanwhile, only slower).

TRUNCATE analytics_rollup_watermark, analytics_rollup_totals, analytics_rollup_paths, analytics_rollup_outcomes,
    analytics_rollup_user_sessions;
DROP TABLE analytics_rollup_labels;

ALTER TABLE analytics_rollup_totals DROP CONSTRAINT analytics_rollup_totals_pkey,
    ADD PRIMARY KEY (grain, bucket, surface, customer_id) INCLUDE (page_views, last_seen);
ALTER TABLE analytics_rollup_paths DROP CONSTRAINT analytics_rollup_paths_pkey,
    ADD PRIMARY KEY (grain, bucket, surface, page_path) INCLUDE (page_views, visible_sum, visible_n, duration_n);
CREATE INDEX analytics_rollup_totals_surface_idx ON analytics_rollup_totals (grain, surface, bucket, customer_id)
    INCLUDE (page_views, last_seen);
CREATE INDEX analytics_rollup_paths_surface_idx ON analytics_rollup_paths (grain, surface, bucket, page_path)
    INCLUDE (page_views, visible_sum, visible_n, duration_n);
ALTER TABLE analytics_rollup_outcomes DROP CONSTRAINT analytics_rollup_outcomes_pkey,
    ADD COLUMN page_path text NOT NULL,
    ADD PRIMARY KEY (grain, bucket, surface, page_path, error_code, geo_country, geo_region, geo_city, browser, os, device_type);

CREATE TABLE analytics_rollup_labels (
    grain    char(1)     NOT NULL CHECK (grain IN ('h', 'd')),
    bucket   timestamptz NOT NULL,
    surface  text        NOT NULL, -- '*' = every surface
    label    text        NOT NULL, -- '' for a click without label
    clicks   bigint      NOT NULL,
    users    bytea,                -- HLL of user_sub (NULL: none)
    pages    bytea       NOT NULL, -- frequent-items sketch of page_path
    elements bytea,                -- frequent-items sketch of the element tag (NULL: no tag seen)
    PRIMARY KEY (grain, bucket, surface, label) INCLUDE (clicks)
);

CREATE TABLE analytics_rollup_label_paths (
    grain     char(1)     NOT NULL CHECK (grain = 'd'),
    bucket    timestamptz NOT NULL,
    surface   text        NOT NULL,
    label     text        NOT NULL,
    page_path text        NOT NULL,
    element   text        NOT NULL, -- '' = none
    clicks    bigint      NOT NULL,
    users     bytea,
    PRIMARY KEY (grain, bucket, surface, label, page_path, element) INCLUDE (clicks)
);
