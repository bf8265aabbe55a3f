-- Tamper-evident audit trail (docs/dashboard.md, "Audit hash chain"). Every audit_log row stores
--   seq       its position in the chain (1, 2, 3 … with no gap; assigned under a lock, so it is the append order)
--   prev_hash the hash of the row at seq - 1 (32 zero bytes for the first row ever written)
--   row_hash  sha256(prev_hash || audit_log_encode(row))
-- (not named "hash": that column name is reserved for what is never stored, a URL's #fragment; MigrationTest)
-- A BEFORE INSERT trigger appends every row, whoever inserts it, under a transaction-level advisory lock:
-- several dashboard replicas inserting at once still form one chain. The Java verifier
-- (dashboard-service audit/AuditChain) recomputes the same encoding; keep the two identical.
-- Needs PostgreSQL 14+ (extract(epoch ...) is exact numeric there) for the microsecond encoding.

LOCK TABLE audit_log IN EXCLUSIVE MODE;

-- A text field: its UTF-8 length as a big-endian int4, then the bytes; null is the length -1 (ff ff ff ff).
CREATE FUNCTION audit_log_field(value text) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value IS NULL THEN '\xffffffff'::bytea
                ELSE int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END
$$;

-- The canonical encoding of one row: seq, id and occurred_at (µs since 1970-01-01 UTC) as int8, the text
-- fields as above (query_params as PostgreSQL's jsonb text, whose key order and spacing are fixed), status as int4.
CREATE FUNCTION audit_log_encode(seq bigint, id bigint, occurred_at timestamptz, subject text, method text, endpoint text,
                                 query_params jsonb, status integer) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT int8send(seq) || int8send(id) || int8send((extract(epoch FROM occurred_at) * 1000000)::bigint)
        || audit_log_field(subject) || audit_log_field(method) || audit_log_field(endpoint)
        || audit_log_field(query_params::text) || int4send(status)
$$;

ALTER TABLE audit_log ADD COLUMN seq bigint, ADD COLUMN prev_hash bytea, ADD COLUMN row_hash bytea;

-- Chain the rows that already exist, oldest id first.
DO $$
DECLARE
    r record;
    n bigint := 0;
    prev bytea := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    h bytea;
BEGIN
    FOR r IN SELECT id, occurred_at, subject, method, endpoint, query_params, status FROM audit_log ORDER BY id LOOP
        n := n + 1;
        h := sha256(prev || audit_log_encode(n, r.id, r.occurred_at, r.subject, r.method, r.endpoint, r.query_params, r.status));
        UPDATE audit_log SET seq = n, prev_hash = prev, row_hash = h WHERE id = r.id;
        prev := h;
    END LOOP;
END $$;

ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN row_hash SET NOT NULL;
CREATE UNIQUE INDEX audit_log_seq_idx ON audit_log (seq);

-- Appends NEW to the chain. The lock is held until the inserting transaction ends, so the next writer
-- reads this row as the head. In READ COMMITTED a (volatile) trigger function's query takes a fresh
-- snapshot, so it sees rows committed while it waited for the lock.
CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head_seq bigint;
    head_hash bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(8098163114574572290); -- 0x7062747261636b02, "pbtrack" audit chain
    SELECT seq, row_hash INTO head_seq, head_hash FROM audit_log ORDER BY seq DESC LIMIT 1;
    NEW.seq := coalesce(head_seq, 0) + 1;
    NEW.prev_hash := coalesce(head_hash, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
    NEW.row_hash := sha256(NEW.prev_hash || audit_log_encode(NEW.seq, NEW.id, NEW.occurred_at, NEW.subject, NEW.method,
                                                         NEW.endpoint, NEW.query_params, NEW.status));
    RETURN NEW;
END $$;

CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
