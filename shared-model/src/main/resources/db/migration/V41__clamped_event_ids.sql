-- Issue 26: exactly once for events whose client time was clamped. The ingest service replaces an absurd
-- client time (more than 7 days behind or 1 hour ahead) with the receive time, which differs on every retry,
-- and occurred_at is part of the events' primary key. This table remembers the time first assigned to each
-- clamped event, so that a retry is given the same time and collides on (event_id, occurred_at).
-- It holds no personal data: the client's random event id and a server time.
CREATE TABLE analytics_clamped_events (
    event_id    uuid        PRIMARY KEY,
    occurred_at timestamptz NOT NULL   -- the stored occurred_at of that event (its first receive time)
);

-- For retention, which deletes by time.
CREATE INDEX analytics_clamped_events_time_idx ON analytics_clamped_events (occurred_at);

-- As V1, and the remembered times of the events in the dropped months go too (the same boundary as the
-- partitions: the start of keep_from's month, in the session's time zone).
CREATE OR REPLACE FUNCTION analytics_drop_partitions_before(keep_from timestamptz) RETURNS integer
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
    DELETE FROM analytics_clamped_events WHERE occurred_at < date_trunc('month', keep_from);
    RETURN dropped;
END;
$$;
