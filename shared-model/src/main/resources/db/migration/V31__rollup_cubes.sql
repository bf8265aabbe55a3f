-- Rollups without user_sub (docs/dashboard.md "Speed"). The dashboard's RollupJob folds stored events into these
-- tables in bounded windows of received_at; the tables hold exactly the events with received_at before
-- analytics_rollup_watermark.received_until, and queries read the newer ones (and partial hours) raw.
--
-- Every cube has two grains: 'h' (bucket = a UTC hour) and 'd' (bucket = a UTC day), so a 30-day question reads
-- ~30 day rows per key plus the hours at its edges. Additive counters are exact. Distinct users, visitors and
-- sessions are Apache DataSketches HLL_4 sketches (lgK 12, serialized, ~2 KB at most; exact up to a few hundred
-- values), merged in the dashboard. Key columns hold no NULL: '' and 0 stand for "all" or "none" as noted, so
-- ON CONFLICT can address a row.

CREATE TABLE analytics_rollup_watermark (
    id             smallint    PRIMARY KEY CHECK (id = 1),
    received_until timestamptz NOT NULL -- every event received before this is in the rollups
);

-- Per (grain, bucket, surface, customer_id): customer_id 0 = all customers of the surface (events without a
-- customer included); a customer's own rows only for events that carry one. /overview, /timeseries, /sessions, /customers.
CREATE TABLE analytics_rollup_totals (
    grain           char(1)     NOT NULL CHECK (grain IN ('h', 'd')),
    bucket          timestamptz NOT NULL,
    surface         text        NOT NULL,
    customer_id     bigint      NOT NULL,
    page_views      bigint      NOT NULL,
    clicks          bigint      NOT NULL,
    login_successes bigint      NOT NULL,
    login_failures  bigint      NOT NULL,
    visible_sum     bigint      NOT NULL, -- sum(visible_ms) of time_on_page events
    visible_n       bigint      NOT NULL,
    duration_sum    bigint      NOT NULL,
    duration_n      bigint      NOT NULL,
    last_seen       timestamptz NOT NULL,
    users           bytea,                -- HLL of user_sub (NULL: none)
    visitors        bytea       NOT NULL, -- HLL of anon_id
    sessions        bytea       NOT NULL, -- HLL of session_id
    PRIMARY KEY (grain, bucket, surface, customer_id)
);
CREATE INDEX analytics_rollup_totals_customer_idx ON analytics_rollup_totals (customer_id, grain, bucket);

-- Per (grain, bucket, surface, page_path): the same for events of one path; viewers = users among its page views.
-- /pages and path_prefix questions.
CREATE TABLE analytics_rollup_paths (
    grain           char(1)     NOT NULL CHECK (grain IN ('h', 'd')),
    bucket          timestamptz NOT NULL,
    surface         text        NOT NULL,
    page_path       text        NOT NULL,
    page_views      bigint      NOT NULL,
    clicks          bigint      NOT NULL,
    login_successes bigint      NOT NULL,
    login_failures  bigint      NOT NULL,
    visible_sum     bigint      NOT NULL,
    visible_n       bigint      NOT NULL,
    duration_sum    bigint      NOT NULL,
    duration_n      bigint      NOT NULL,
    last_seen       timestamptz NOT NULL,
    users           bytea,
    visitors        bytea       NOT NULL,
    sessions        bytea       NOT NULL,
    viewers         bytea,
    PRIMARY KEY (grain, bucket, surface, page_path)
);

-- Clicks per (grain, bucket, surface, label, page_path, element): page_path '' = every path of the label, element
-- '*' = every element tag ('' = none). /clicks: totals and users per label, its top page and its top element tag.
CREATE TABLE analytics_rollup_labels (
    grain     char(1)     NOT NULL CHECK (grain IN ('h', 'd')),
    bucket    timestamptz NOT NULL,
    surface   text        NOT NULL,
    label     text        NOT NULL, -- '' for a click without label
    page_path text        NOT NULL,
    element   text        NOT NULL,
    clicks    bigint      NOT NULL,
    users     bytea,                -- only in the element '*' rows
    PRIMARY KEY (grain, bucket, surface, label, page_path, element)
);

-- Login outcomes per (grain, bucket, surface, error code, geo, browser, os, device); '' = unknown. /logins.
CREATE TABLE analytics_rollup_outcomes (
    grain       char(1)     NOT NULL CHECK (grain IN ('h', 'd')),
    bucket      timestamptz NOT NULL,
    surface     text        NOT NULL,
    error_code  text        NOT NULL,
    geo_country text        NOT NULL,
    geo_region  text        NOT NULL,
    geo_city    text        NOT NULL,
    browser     text        NOT NULL,
    os          text        NOT NULL,
    device_type text        NOT NULL,
    successes   bigint      NOT NULL,
    failures    bigint      NOT NULL,
    PRIMARY KEY (grain, bucket, surface, error_code, geo_country, geo_region, geo_city, browser, os, device_type)
);
