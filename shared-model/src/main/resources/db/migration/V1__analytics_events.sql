-- The events table stores exactly the seed's "Data collected" categories and nothing from its
-- "Never stored" list: no IP address, no User-Agent, no full URL, query string or fragment, no e-mail,
-- name or profile data. Identity is the opaque Auth0 sub only.
CREATE TABLE analytics_events (
    event_id      uuid        NOT NULL,               -- client-generated; retries are deduplicated on it
    occurred_at   timestamptz NOT NULL,               -- client time, clamped by the server on absurd skew
    received_at   timestamptz NOT NULL DEFAULT now(), -- server time
    type          text        NOT NULL CHECK (type IN ('page_view', 'time_on_page', 'click', 'login_success', 'login_failure')),
    anon_id       uuid        NOT NULL,
    session_id    uuid        NOT NULL,
    session_count integer     NOT NULL CHECK (session_count >= 1),
    user_sub      text,                               -- Auth0 sub (opaque)
    customer_id   bigint,                             -- Paubox customer.id
    surface       text        NOT NULL,
    page_path     text        NOT NULL,               -- scrubbed, templated path; never a query string
    duration_ms   integer     CHECK (duration_ms >= 0),
    visible_ms    integer     CHECK (visible_ms >= 0),
    label         text,                               -- data-pb-track value
    element       text,                               -- tag name
    href_path     text,                               -- scrubbed link path
    error_code    text,                               -- Auth0 error code on login_failure
    geo_city      text,                               -- login events only, derived from the IP at ingest
    geo_region    text,
    geo_country   text,
    browser       text,                               -- login events only, derived from the User-Agent at ingest
    os            text,
    device_type   text,
    properties    jsonb,                              -- scrubbed extra context (bounded by the contract)
    -- Unique per partition key: a retried event lands in the same partition and is stored once.
    PRIMARY KEY (event_id, occurred_at)
) PARTITION BY RANGE (occurred_at);

-- Shaped for the dashboard: every query filters on a time range, most on customer, type or path.
CREATE INDEX analytics_events_type_time_idx ON analytics_events (type, occurred_at);
CREATE INDEX analytics_events_customer_time_idx ON analytics_events (customer_id, occurred_at);
CREATE INDEX analytics_events_path_time_idx ON analytics_events (page_path, occurred_at);
-- Right to erasure (DELETE /users/{sub}) must not scan everything.
CREATE INDEX analytics_events_user_sub_idx ON analytics_events (user_sub) WHERE user_sub IS NOT NULL;

-- Safety net: an event whose month has no partition yet is still stored, never refused.
CREATE TABLE analytics_events_default PARTITION OF analytics_events DEFAULT;

-- Creates the monthly partitions from the month of `from_day` on, `months` of them. Idempotent; called
-- at migration, by the ingest service at start and by the dashboard's scheduled lifecycle job.
CREATE FUNCTION analytics_ensure_partitions(from_day date, months integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    month_start date := date_trunc('month', from_day)::date;
    created integer := 0;
    name text;
BEGIN
    FOR i IN 0 .. months - 1 LOOP
        name := format('analytics_events_%s', to_char(month_start, 'YYYY_MM'));
        IF to_regclass(name) IS NULL THEN
            BEGIN
                EXECUTE format('CREATE TABLE %I PARTITION OF analytics_events FOR VALUES FROM (%L) TO (%L)',
                               name, month_start, (month_start + interval '1 month')::date);
                created := created + 1;
            EXCEPTION WHEN duplicate_table OR check_violation THEN
                -- Another replica won the race, or rows for that month already sit in the default partition.
                RAISE NOTICE 'partition % not created: %', name, SQLERRM;
            END;
        END IF;
        month_start := (month_start + interval '1 month')::date;
    END LOOP;
    RETURN created;
END;
$$;

-- Drops the monthly partitions that end before `keep_from`: retention is a DROP, not a DELETE.
CREATE FUNCTION analytics_drop_partitions_before(keep_from timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    FOR part IN
        SELECT c.relname AS name
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'analytics_events'::regclass
          AND c.relname ~ '^analytics_events_\d{4}_\d{2}$'
          AND (to_date(substring(c.relname from '\d{4}_\d{2}$'), 'YYYY_MM') + interval '1 month') <= keep_from
    LOOP
        EXECUTE format('DROP TABLE %I', part.name);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END;
$$;

SELECT analytics_ensure_partitions((now() - interval '1 month')::date, 5);
