-- Path prefixes by section (issue 14). A page path's section is the path up to and including its second '/'
-- ("/messages/inbox" → "/messages/"; "/messages" and "/" are their own section). A path prefix with no '/' after its
-- first character, except optionally its last ("/messages", "/messages/"), matches exactly the paths whose section it
-- matches, so these rows answer it exactly (dashboard-service rollup/Section.java):
--
-- analytics_rollup_sections: the totals per (grain, bucket, surface, section), surface '*' = every surface (day rows
-- only), as analytics_rollup_paths has them per path. A prefix's hourly unique users, for instance, unions one sketch
-- per hour instead of one per path and hour.
--
-- analytics_rollup_label_sections: clicks per (UTC day, surface, label, section) with the users sketch and the
-- frequent-items sketches of pages and element tags, as analytics_rollup_labels has them per label: /clicks under such
-- a prefix reads one row per label and day instead of one per (label, path, element) and day. Day grain only (the
-- partial days at a range's ends are read from raw events, as for analytics_rollup_label_paths).
--
-- analytics_rollup_user_sessions.sections: the sections of the session's events in that hour, so /sessions'
-- distribution under a prefix reads these rows instead of the raw events.
--
-- Every rollup is emptied: the dashboard's rollup job rebuilds them from the stored events (queries read raw events
-- for whatever the rollups do not cover yet, so answers stay correct meanwhile, only slower).

TRUNCATE analytics_rollup_watermark, analytics_rollup_totals, analytics_rollup_paths, analytics_rollup_labels,
    analytics_rollup_label_paths, analytics_rollup_outcomes, analytics_rollup_user_sessions;

CREATE TABLE analytics_rollup_sections (
    grain           char(1)     NOT NULL CHECK (grain IN ('h', 'd')),
    bucket          timestamptz NOT NULL,
    surface         text        NOT NULL, -- '*' = every surface (day rows only)
    section         text        NOT NULL,
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
    PRIMARY KEY (grain, bucket, surface, section)
);

CREATE TABLE analytics_rollup_label_sections (
    grain    char(1)     NOT NULL CHECK (grain = 'd'),
    bucket   timestamptz NOT NULL,
    surface  text        NOT NULL,
    label    text        NOT NULL,
    section  text        NOT NULL,
    clicks   bigint      NOT NULL,
    users    bytea,
    pages    bytea,                -- NULL: none left (see analytics_rollup_labels.pages)
    elements bytea,
    PRIMARY KEY (grain, bucket, surface, label, section) INCLUDE (clicks)
);

-- A frequent-items sketch can hold no item although it has counted clicks: when its map fills with items of equal
-- count (49 pages clicked once each) it purges them all. Such a row stores NULL (no page to name), which V36 refused,
-- failing that rollup window again and again.
ALTER TABLE analytics_rollup_labels ALTER COLUMN pages DROP NOT NULL;

ALTER TABLE analytics_rollup_user_sessions ADD COLUMN sections text[] NOT NULL;

-- Rankings are index-only scans, which skip the heap only on pages the visibility map marks all-visible. With the
-- default thresholds autovacuum waits until a fifth of a cube has changed — after a backlog has rewritten a tenth of
-- it, that can take days of live traffic, and rankings read the heap meanwhile; 1 % keeps the maps current within a
-- minute or so.
ALTER TABLE analytics_rollup_totals SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE analytics_rollup_paths SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE analytics_rollup_sections SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE analytics_rollup_labels SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE analytics_rollup_label_paths SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE analytics_rollup_label_sections SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE analytics_rollup_outcomes SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
ALTER TABLE analytics_rollup_user_sessions SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01);
