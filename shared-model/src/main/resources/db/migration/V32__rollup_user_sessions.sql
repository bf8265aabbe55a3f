-- The sessions of each signed-in user per UTC hour, for /sessions' distribution (how many users had exactly n
-- sessions), which no sketch can answer. Keyed by user_sub: erasure deletes exactly the subject's rows.
-- customer_id 0 = none; user_sample = hashtextextended(user_sub, 0) & 1023, so a 30-day distribution over many users
-- can read a consistent sample of them (every session of 1 user in k) through its index. Maintained with V31's cubes.
CREATE TABLE analytics_rollup_user_sessions (
    hour        timestamptz NOT NULL,
    surface     text        NOT NULL,
    customer_id bigint      NOT NULL,
    user_sub    text        NOT NULL,
    session_id  uuid        NOT NULL,
    user_sample smallint    NOT NULL,
    PRIMARY KEY (hour, surface, customer_id, user_sub, session_id)
);
CREATE INDEX analytics_rollup_user_sessions_user_idx ON analytics_rollup_user_sessions (user_sub);
CREATE INDEX analytics_rollup_user_sessions_sample_idx ON analytics_rollup_user_sessions (user_sample, hour);
