-- HIPAA §164.312(b) audit controls: one row per dashboard API request, allowed or refused, written
-- before the response is sent. No IP address and no token is kept; the subject is the Auth0 sub.
CREATE TABLE audit_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    subject      text,                 -- Auth0 sub of the caller; null when unauthenticated
    method       text        NOT NULL,
    endpoint     text        NOT NULL, -- request path
    query_params jsonb       NOT NULL DEFAULT '{}'::jsonb,
    status       integer     NOT NULL  -- HTTP status answered
);

CREATE INDEX audit_log_time_idx ON audit_log (occurred_at);
CREATE INDEX audit_log_subject_time_idx ON audit_log (subject, occurred_at);
