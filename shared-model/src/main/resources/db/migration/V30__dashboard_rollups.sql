-- Hourly rollups for the dashboard (dashboard-service RollupJob maintains them; see docs/dashboard.md "Speed").
-- Every table is keyed by the UTC hour (date_trunc('hour', occurred_at, 'UTC')) plus the filter dimensions
-- customer_id and surface. The dashboard reads rollups for whole UTC hours before
-- analytics_rollup_state.rolled_until and raw events for the rest of the range, so answers stay exact.
-- Tables that hold user_sub are keyed by it: erasing a subject deletes exactly that subject's rollup rows.

-- Late events (occurred_at in an already rolled hour) are found by the time they were received.
CREATE INDEX analytics_events_received_idx ON analytics_events (received_at);

CREATE TABLE analytics_rollup_state (
    id               smallint    PRIMARY KEY CHECK (id = 1),
    rolled_until     timestamptz NOT NULL, -- every UTC hour before this is in the rollups
    received_checked timestamptz NOT NULL  -- the next run recomputes the hours of events received since
);

-- One row per (hour, customer, surface, session, browser, user): distinct users/visitors/sessions and the
-- additive totals of /overview, /timeseries, /sessions and /customers.
CREATE TABLE analytics_rollup_actors (
    hour            timestamptz NOT NULL,
    customer_id     bigint,
    surface         text        NOT NULL,
    session_id      uuid        NOT NULL,
    anon_id         uuid        NOT NULL,
    user_sub        text,
    page_views      integer     NOT NULL,
    clicks          integer     NOT NULL,
    login_successes integer     NOT NULL,
    login_failures  integer     NOT NULL,
    visible_sum     bigint,              -- sum(visible_ms) of time_on_page events
    visible_n       integer     NOT NULL,
    duration_sum    bigint,
    duration_n      integer     NOT NULL,
    last_seen       timestamptz NOT NULL
);
CREATE INDEX analytics_rollup_actors_hour_idx ON analytics_rollup_actors (hour);
CREATE INDEX analytics_rollup_actors_customer_idx ON analytics_rollup_actors (customer_id, hour);
CREATE INDEX analytics_rollup_actors_user_idx ON analytics_rollup_actors (user_sub) WHERE user_sub IS NOT NULL;

-- page_view and time_on_page events per (hour, customer, surface, page_path, user): /pages.
CREATE TABLE analytics_rollup_pages (
    hour        timestamptz NOT NULL,
    customer_id bigint,
    surface     text        NOT NULL,
    page_path   text        NOT NULL,
    user_sub    text,
    views       integer     NOT NULL,
    visible_sum bigint,
    visible_n   integer     NOT NULL
);
CREATE INDEX analytics_rollup_pages_hour_idx ON analytics_rollup_pages (hour);
CREATE INDEX analytics_rollup_pages_user_idx ON analytics_rollup_pages (user_sub) WHERE user_sub IS NOT NULL;

-- click events per (hour, customer, surface, label, page_path, user): /clicks.
CREATE TABLE analytics_rollup_clicks (
    hour        timestamptz NOT NULL,
    customer_id bigint,
    surface     text        NOT NULL,
    label       text,
    page_path   text        NOT NULL,
    user_sub    text,
    clicks      integer     NOT NULL
);
CREATE INDEX analytics_rollup_clicks_hour_idx ON analytics_rollup_clicks (hour);
CREATE INDEX analytics_rollup_clicks_user_idx ON analytics_rollup_clicks (user_sub) WHERE user_sub IS NOT NULL;

-- login events per (hour, customer, surface, error code, geo, browser, os, device): /logins. No identifier.
CREATE TABLE analytics_rollup_logins (
    hour        timestamptz NOT NULL,
    customer_id bigint,
    surface     text        NOT NULL,
    error_code  text,
    geo_country text,
    geo_region  text,
    geo_city    text,
    browser     text,
    os          text,
    device_type text,
    successes   integer     NOT NULL,
    failures    integer     NOT NULL
);
CREATE INDEX analytics_rollup_logins_hour_idx ON analytics_rollup_logins (hour);
