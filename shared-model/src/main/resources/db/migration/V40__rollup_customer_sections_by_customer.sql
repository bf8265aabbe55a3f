-- /customers under a section prefix, the listed customers' details (issue 14).
--
-- After ranking every customer under the prefix (the primary key, led by the section), /customers reads the users and
-- sessions sketches and last event of the 100 listed ones. By the primary key that is every row under the prefix again,
-- filtered (128,000 rows for 30 days at the bench's 10 M events, ~120 ms); led by the customer, each listed customer's
-- rows under the prefix are adjacent (~110 for 30 days). Built on the table V39 just created (empty until the rollup
-- job refills it).

CREATE INDEX analytics_rollup_customer_sections_customer ON analytics_rollup_customer_sections (grain, customer_id, section, surface, bucket);
