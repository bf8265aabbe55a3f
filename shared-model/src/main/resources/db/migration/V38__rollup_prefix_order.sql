-- Path prefixes seek the rollups' indexes instead of scanning them (issue 14).
--
-- A path prefix on a rollup is sent as LIKE plus the byte-order range the prefix implies (SqlFilter.startsWith in the
-- dashboard): PostgreSQL derives such a range itself only from a literal pattern, and the dashboard binds every value.
-- A B-tree can seek that range only when the column sorts in byte order, whatever the database's default collation
-- (en_US.UTF-8 on RDS, C.UTF-8 embedded), so the rollups' path and section columns take the "C" collation. Rows and
-- answers do not change; each table is rewritten with its indexes.
--
-- The per-(label, section) and per-(label, path, element) rows are read only under a prefix, so their keys now lead
-- with the section or path: a prefix reads its own rows, not every row of the range (/clicks under `/messages` read
-- 58,000 index entries for 5,800 rows; under `/messages/in` the per-path rows were scanned whole).

ALTER TABLE analytics_rollup_paths ALTER COLUMN page_path TYPE text COLLATE "C";
ALTER TABLE analytics_rollup_sections ALTER COLUMN section TYPE text COLLATE "C";
ALTER TABLE analytics_rollup_outcomes ALTER COLUMN page_path TYPE text COLLATE "C";

ALTER TABLE analytics_rollup_label_sections
    DROP CONSTRAINT analytics_rollup_label_sections_pkey,
    ALTER COLUMN section TYPE text COLLATE "C",
    ADD PRIMARY KEY (grain, section, surface, bucket, label) INCLUDE (clicks);

ALTER TABLE analytics_rollup_label_paths
    DROP CONSTRAINT analytics_rollup_label_paths_pkey,
    ALTER COLUMN page_path TYPE text COLLATE "C",
    ADD PRIMARY KEY (grain, page_path, surface, bucket, label, element) INCLUDE (clicks);
