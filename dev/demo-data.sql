-- Demo data for a first look (issue 27): ~50 customers, ~2,000 users and ~300,000 events over the last 30 days, plus
-- the 30 days before them (the comparison period the trends and account statuses need). Shaped like the example app
-- (snippet/examples/next-app): surface "example", its pages (/, /reports, /patients/:id as the ingest service
-- templates record ids, /login, /legacy) and its data-pb-track labels, plus /compose with the default key actions
-- nav_compose and send_email_btn. Loaded by dev/DemoData.java (run-local.sh does that on an empty database); run it
-- inside one transaction, after the ingest service's Flyway migration.
--
-- Only what the ingest service would store: opaque subs (auth0|demo-<hex>), customer ids, templated paths without a
-- query string or fragment, labels, coarse geo (city, region code, country) and browser/OS/device families on login
-- events. Never an IP address, a raw User-Agent, an e-mail, a name or a phone number. xact_id is left to its default.
--
-- Account statuses (docs/dashboard.md, accounts): each customer follows a plan, designed so that its status is the
-- same for "last 30 days" (the admin view's default) in any time zone. Ages are days before now(); the range starts
-- 29-30 days back, the previous period 59-60 days back, the dormancy window 13-14 days back, depending on the zone and
-- the hour, so no user's activity window has an edge near those marks:
--   steady    most users active all along (from 58.5 days back), a few leave (32-50 days back) or join (3-27 days back)
--   growing   about 40 % of the users join inside the range: active users up by ~+50 % or more
--   declining about 45 % of the users stop before the range: active users down by ~40 %
--   new       every user joins inside the range (the customer's first event 6-24 days back)
--   dormant   everyone stops 15.5-27 days back (a quarter already in the previous period): no event in the last 14 days

SET LOCAL max_parallel_workers_per_gather = 0; -- one process: setseed() makes random() repeatable
SET LOCAL synchronous_commit = off;
SELECT setseed(0.27);

-- Monthly partitions for the whole 60 days (the migration creates them from last month on).
SELECT analytics_ensure_partitions((now() - interval '62 days')::date, 4);

CREATE TEMP TABLE demo_places (n int PRIMARY KEY, city text, region text, country text) ON COMMIT DROP;
INSERT INTO demo_places VALUES
    (1, 'Boston', 'MA', 'US'), (2, 'New York', 'NY', 'US'), (3, 'Chicago', 'IL', 'US'), (4, 'Houston', 'TX', 'US'),
    (5, 'Phoenix', 'AZ', 'US'), (6, 'Philadelphia', 'PA', 'US'), (7, 'San Antonio', 'TX', 'US'),
    (8, 'San Diego', 'CA', 'US'), (9, 'Dallas', 'TX', 'US'), (10, 'Austin', 'TX', 'US'), (11, 'Denver', 'CO', 'US'),
    (12, 'Seattle', 'WA', 'US'), (13, 'Atlanta', 'GA', 'US'), (14, 'Miami', 'FL', 'US'),
    (15, 'Minneapolis', 'MN', 'US'), (16, 'Portland', 'OR', 'US'), (17, 'Nashville', 'TN', 'US'),
    (18, 'Columbus', 'OH', 'US'), (19, 'Charlotte', 'NC', 'US'), (20, 'Salt Lake City', 'UT', 'US'),
    (21, 'Kansas City', 'MO', 'US'), (22, 'Baltimore', 'MD', 'US'), (23, 'Pittsburgh', 'PA', 'US'),
    (24, 'Raleigh', 'NC', 'US'), (25, 'Sacramento', 'CA', 'US'), (26, 'Los Angeles', 'CA', 'US'),
    (27, 'San Francisco', 'CA', 'US'), (28, 'Toronto', 'ON', 'CA'), (29, 'Vancouver', 'BC', 'CA'),
    (30, NULL, NULL, 'US'); -- an address the GeoIP database knows only the country of

-- ---- customers ------------------------------------------------------------------------------------------------
-- Customer 42 is the example app's own demo customer (DEMO_CUSTOMER_ID): what a user clicks there adds to it.
CREATE TEMP TABLE demo_customers ON COMMIT DROP AS
WITH c AS (
    SELECT k,
           CASE WHEN k = 1 THEN 42 ELSE 1000 + k * 37 END AS customer_id,
           (ARRAY['steady', 'growing', 'declining', 'steady', 'new', 'steady', 'growing', 'declining', 'dormant', 'steady'])[k % 10 + 1] AS plan,
           0.25 + 3 * random() ^ 2 AS weight,               -- a few large accounts, many small ones
           0.12 + 0.8 * random() AS adoption,              -- share of users who use compose (the key actions)
           0.02 + 0.12 * random() ^ 2 AS failure_rate,      -- share of sign-ins with a failed attempt first
           6 + 18 * random() AS first_age,                 -- plan "new": days since its first event
           1 + floor(random() * 29)::int AS home_place
    FROM generate_series(1, 50) k)
SELECT k, customer_id, plan, adoption, failure_rate, first_age, home_place,
       greatest(8, round(weight / sum(weight) OVER () * 2000))::int AS n_users
FROM c;

-- ---- users ----------------------------------------------------------------------------------------------------
-- role: core (active all along), joiner (starts inside the range), leaver (stops before the range),
-- quiet (stops 15.5-27 days back: dormant accounts). q is the user's rank within the customer, so every customer,
-- however small, gets its plan's proportions.
CREATE TEMP TABLE demo_users ON COMMIT DROP AS
WITH u AS (
    SELECT c.*, i, (i - 0.5) / c.n_users AS q, random() AS r
    FROM demo_customers c, generate_series(1, c.n_users) i),
r AS (
    SELECT u.*,
           CASE plan
               WHEN 'steady' THEN CASE WHEN q < 0.07 THEN 'joiner' WHEN q < 0.14 THEN 'leaver' ELSE 'core' END
               WHEN 'growing' THEN CASE WHEN q < 0.42 THEN 'joiner' WHEN q < 0.48 THEN 'leaver' ELSE 'core' END
               WHEN 'declining' THEN CASE WHEN q < 0.04 THEN 'joiner' WHEN q < 0.48 THEN 'leaver' ELSE 'core' END
               WHEN 'new' THEN 'joiner'
               ELSE CASE WHEN q < 0.25 THEN 'leaver' ELSE 'quiet' END
           END AS role
    FROM u)
SELECT row_number() OVER () AS user_id, customer_id, plan, role,
       'auth0|demo-' || substr(md5(random()::text || i || customer_id), 1, 24) AS user_sub,
       CASE WHEN role = 'joiner' AND plan = 'new' THEN CASE WHEN i = 1 THEN first_age ELSE 1.5 + (first_age - 1.5) * r END
            WHEN role = 'joiner' THEN 3 + 24 * r
            ELSE 58.5 END AS join_age,
       CASE role WHEN 'leaver' THEN 32 + 18 * r WHEN 'quiet' THEN 15.5 + 11.5 * r ELSE 0 END AS leave_age,
       -- i = 1 of a new customer starts on its first day (with a sign-in): the customer's first event is fixed
       CASE WHEN plan = 'new' AND i = 1 THEN 1.0 ELSE 0.3 + 0.65 * random() END AS p_weekday,
       random() < adoption AS adopter,
       failure_rate,
       CASE WHEN random() < 0.75 THEN home_place ELSE 1 + floor(random() * 30)::int END AS place,
       random() < 0.3 AS has_mobile
FROM r;

-- ---- browsers (anon_id) ---------------------------------------------------------------------------------------
-- Every user has a desktop browser, some also a phone or tablet; the ids the snippet keeps in localStorage.
-- base_count: sessions that browser had before the data set starts (session_count goes on from there).
CREATE TEMP TABLE demo_agents (kind int, n int, browser text, os text, device_type text, PRIMARY KEY (kind, n)) ON COMMIT DROP;
INSERT INTO demo_agents VALUES
    (1, 0, 'Chrome', 'Windows', 'desktop'), (1, 1, 'Chrome', 'Windows', 'desktop'), (1, 2, 'Chrome', 'Windows', 'desktop'),
    (1, 3, 'Edge', 'Windows', 'desktop'), (1, 4, 'Edge', 'Windows', 'desktop'), (1, 5, 'Chrome', 'Mac OS X', 'desktop'),
    (1, 6, 'Safari', 'Mac OS X', 'desktop'), (1, 7, 'Firefox', 'Windows', 'desktop'), (1, 8, 'Chrome', 'Mac OS X', 'desktop'),
    (1, 9, 'Firefox', 'Ubuntu', 'desktop'),
    (2, 0, 'Mobile Safari', 'iOS', 'mobile'), (2, 1, 'Mobile Safari', 'iOS', 'mobile'), (2, 2, 'Chrome Mobile', 'Android', 'mobile'),
    (2, 3, 'Chrome Mobile', 'Android', 'mobile'), (2, 4, 'Mobile Safari', 'iOS', 'tablet');

CREATE TEMP TABLE demo_browsers ON COMMIT DROP AS
SELECT b.user_id, b.slot, gen_random_uuid() AS anon_id, a.browser, a.os, a.device_type,
       CASE WHEN b.join_age < 30 THEN 0 ELSE floor(random() * 40)::int END AS base_count
FROM (
    SELECT u.user_id, u.join_age, s.slot, floor(random() * CASE WHEN s.slot = 1 THEN 10 ELSE 5 END)::int AS agent
    FROM demo_users u
    JOIN LATERAL (SELECT 1 AS slot UNION ALL SELECT 2 WHERE u.has_mobile) s ON true) b
JOIN demo_agents a ON a.kind = b.slot AND a.n = b.agent;

-- Signed-out visitors who never sign in here (they look around and fail to sign in): no user, no customer.
CREATE TEMP TABLE demo_strangers ON COMMIT DROP AS
SELECT gen_random_uuid() AS anon_id, 1 + floor(random() * 30)::int AS place,
       (ARRAY['Chrome', 'Edge', 'Safari', 'Mobile Safari', 'Chrome Mobile'])[1 + floor(random() * 5)::int] AS browser,
       floor(random() * 5)::int AS base_count
FROM generate_series(1, 250);

-- ---- sessions -------------------------------------------------------------------------------------------------
-- One day of each user's window: a session with probability p (a quarter of it on weekends), sometimes a second one;
-- mostly in US working hours. A session starts at least 40 minutes before now().
CREATE TEMP TABLE demo_sessions ON COMMIT DROP AS
WITH days AS (
    SELECT u.*, d, n,
           (date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') - d * interval '1 day'
               + CASE WHEN random() < 0.9 THEN 12.5 + 10.5 * random() ELSE 24 * random() END * interval '1 hour' AS started
    FROM demo_users u, generate_series(0, 59) d, generate_series(1, 2) n),
picked AS (
    SELECT days.*, row_number() OVER (PARTITION BY user_id ORDER BY started) AS nth
    FROM days
    WHERE started <= now() - interval '40 minutes'
      AND started >= now() - join_age * interval '1 day'
      AND started <= now() - leave_age * interval '1 day'
      AND random() < CASE WHEN n = 1 THEN p_weekday ELSE 0.4 * p_weekday END
                     * CASE WHEN extract(isodow FROM started) >= 6 THEN 0.25 ELSE 1 END),
s AS (
    SELECT p.user_id, p.customer_id, p.user_sub, p.adopter, p.place, p.started,
           gen_random_uuid() AS session_id,
           p.nth = 1 OR random() < 0.3 AS login,                                   -- signs in first
           CASE WHEN random() < p.failure_rate THEN 1 + (random() < 0.3)::int ELSE 0 END AS failures,
           CASE WHEN p.has_mobile AND random() < 0.25 THEN 2 ELSE 1 END AS slot,
           1 + least(11, floor(-ln(1 - random()) * 4))::int AS pages
    FROM picked p)
SELECT s.*, b.anon_id, b.browser, b.os, b.device_type,
       b.base_count + row_number() OVER (PARTITION BY b.anon_id ORDER BY s.started) AS session_count
FROM s JOIN demo_browsers b ON b.user_id = s.user_id AND b.slot = s.slot;

-- ---- page views -----------------------------------------------------------------------------------------------
-- A sign-in session starts on /login (signed out), then /; others on / mostly. Only users who adopted compose visit
-- /compose. dwell: seconds on the page (time_on_page's duration_ms).
CREATE TEMP TABLE demo_pages ON COMMIT DROP AS
WITH steps AS (
    SELECT s.*, i, random() AS r
    FROM demo_sessions s, generate_series(1, s.pages + s.login::int) i),
paths AS (
    SELECT steps.*,
           CASE WHEN login AND i = 1 THEN '/login'
                WHEN i = 1 + login::int AND r < 0.7 THEN '/'
                WHEN adopter THEN CASE WHEN r < 0.28 THEN '/' WHEN r < 0.5 THEN '/patients/:id' WHEN r < 0.64 THEN '/reports'
                                       WHEN r < 0.93 THEN '/compose' ELSE '/legacy' END
                ELSE CASE WHEN r < 0.36 THEN '/' WHEN r < 0.68 THEN '/patients/:id' WHEN r < 0.9 THEN '/reports' ELSE '/legacy' END
           END AS path
    FROM steps),
dwell AS (
    SELECT paths.*,
           least(900, CASE path WHEN '/login' THEN 6 + 30 * random()
                                WHEN '/patients/:id' THEN 15 + 110 * -ln(1 - random())
                                WHEN '/compose' THEN 25 + 140 * -ln(1 - random())
                                WHEN '/reports' THEN 10 + 70 * -ln(1 - random())
                                ELSE 4 + 35 * -ln(1 - random()) END) AS dwell
    FROM paths)
SELECT dwell.*,
       started + coalesce(sum(dwell + 0.4) OVER (PARTITION BY session_id ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
           * interval '1 second' AS at,
       lead(path) OVER (PARTITION BY session_id ORDER BY i) AS next_path
FROM dwell;

-- ---- events ---------------------------------------------------------------------------------------------------
-- Every event in the past (a session still going on now stops at now() - 1 minute), received a moment after it
-- occurred, as through the ingest service.

-- page_view and time_on_page (sent when the page is left; not always: a closed laptop sends none).
-- The /login page of a sign-in session is viewed signed out.
INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count, user_sub, customer_id,
                         surface, page_path, duration_ms, visible_ms)
SELECT gen_random_uuid(), t.at, t.at + (0.05 + 2 * random()) * interval '1 second', t.type, p.anon_id, p.session_id, p.session_count,
       CASE WHEN p.path = '/login' THEN NULL ELSE p.user_sub END,
       CASE WHEN p.path = '/login' THEN NULL ELSE p.customer_id END,
       'example', p.path, t.duration_ms, t.visible_ms
FROM demo_pages p
CROSS JOIN LATERAL (
    SELECT 'page_view' AS type, p.at, NULL::int AS duration_ms, NULL::int AS visible_ms
    UNION ALL
    SELECT 'time_on_page', p.at + p.dwell * interval '1 second', round(p.dwell * 1000)::int,
           round(p.dwell * 1000 * CASE WHEN random() < 0.75 THEN 1 ELSE 0.4 + 0.6 * random() END)::int
    WHERE random() < 0.92) t
WHERE t.at <= now() - interval '1 minute'
ORDER BY t.at; -- in time order: each index's entries for one key are appended, not scattered (2-3x faster)

-- clicks on the example app's data-pb-track elements (the ones that navigate come just before the next page)
INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count, user_sub, customer_id,
                         surface, page_path, label, element, href_path)
SELECT gen_random_uuid(), c.at, c.at + (0.05 + 2 * random()) * interval '1 second', 'click', p.anon_id, p.session_id, p.session_count, p.user_sub, p.customer_id,
       'example', p.path, c.label, c.element, c.href_path
FROM demo_pages p
CROSS JOIN LATERAL (
    SELECT p.at + (p.dwell - 0.3) * interval '1 second' AS at, v.label, 'a' AS element, v.href_path
    FROM (VALUES ('/', '/reports', 'nav_reports', '/reports', 0.75),
                 ('/', '/compose', 'nav_compose', '/compose', 0.85),
                 ('/reports', '/', 'reports_back_home', '/', 0.6)) v(path, next_path, label, href_path, p)
    WHERE v.path = p.path AND v.next_path = p.next_path AND random() < v.p
    UNION ALL
    SELECT p.at + p.dwell * (0.2 + 0.6 * random()) * interval '1 second', v.label, 'button', NULL
    FROM (VALUES ('/', 'hero_cta', 0.08), ('/compose', 'send_email_btn', 0.8), ('/compose', 'send_email_btn', 0.1),
                 ('/patients/:id', 'patient_open_chart', 0.55), ('/legacy', 'legacy_action', 0.45)) v(path, label, p)
    WHERE v.path = p.path AND random() < v.p) c
WHERE p.path <> '/login' AND c.at <= now() - interval '1 minute'
ORDER BY c.at;

-- sign-ins: failed attempts (an Auth0 error code) before the success. A failure carries the user only when the app
-- still knew them (a re-authentication); the success always does. Location and browser as the ingest service
-- derives them from the address and the User-Agent, which it then forgets.
INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count, user_sub, customer_id,
                         surface, page_path, error_code, geo_city, geo_region, geo_country, browser, os, device_type)
SELECT gen_random_uuid(), l.at, l.at + (0.05 + 2 * random()) * interval '1 second', l.type, p.anon_id, p.session_id, p.session_count,
       CASE WHEN l.identified THEN p.user_sub END, CASE WHEN l.identified THEN p.customer_id END,
       'example', '/login', l.error_code, g.city, g.region, g.country, p.browser, p.os, p.device_type
FROM demo_pages p
JOIN demo_places g ON g.n = p.place
CROSS JOIN LATERAL (
    SELECT 'login_success' AS type, p.at + (p.dwell - 0.5) * interval '1 second' AS at, NULL AS error_code, true AS identified
    UNION ALL
    SELECT 'login_failure', p.at + p.dwell * (f - 0.5) / (p.failures + 1) * interval '1 second',
           (ARRAY['invalid_grant', 'invalid_grant', 'invalid_grant', 'invalid_grant', 'invalid_grant', 'invalid_grant',
                  'invalid_grant', 'invalid_grant', 'mfa_required', 'mfa_required', 'login_required', 'login_required',
                  'too_many_attempts', 'access_denied', 'unauthorized', 'password_leaked'])[1 + floor(random() * 16)::int],
           random() < 0.5
    FROM generate_series(1, p.failures) f) l
WHERE p.path = '/login' AND l.at <= now() - interval '1 minute'
ORDER BY l.at;

-- signed-out visitors: a look at the home page and a failed sign-in or two
INSERT INTO analytics_events (event_id, occurred_at, received_at, type, anon_id, session_id, session_count, surface, page_path,
                         duration_ms, visible_ms, error_code, geo_city, geo_region, geo_country, browser, os, device_type)
SELECT gen_random_uuid(), s.started + e.offset_s * interval '1 second',
       s.started + (e.offset_s + 0.05 + 2 * random()) * interval '1 second', e.type, s.anon_id, s.session_id, s.session_count,
       'example', e.path, e.duration_ms, e.duration_ms, e.error_code,
       CASE WHEN e.type LIKE 'login%' THEN g.city END, CASE WHEN e.type LIKE 'login%' THEN g.region END,
       CASE WHEN e.type LIKE 'login%' THEN g.country END,
       CASE WHEN e.type LIKE 'login%' THEN s.browser END,
       CASE WHEN e.type NOT LIKE 'login%' THEN NULL WHEN s.browser IN ('Mobile Safari') THEN 'iOS'
            WHEN s.browser = 'Chrome Mobile' THEN 'Android' WHEN s.browser = 'Safari' THEN 'Mac OS X' ELSE 'Windows' END,
       CASE WHEN e.type NOT LIKE 'login%' THEN NULL WHEN s.browser LIKE 'Mobile%' OR s.browser LIKE '%Mobile' THEN 'mobile' ELSE 'desktop' END
FROM (
    SELECT v.*, v.base_count + row_number() OVER (PARTITION BY v.anon_id ORDER BY v.started) AS session_count
    FROM (SELECT st.*, gen_random_uuid() AS session_id, now() - (1 + 58 * random()) * interval '1 day' AS started
          FROM demo_strangers st, generate_series(1, 3) n
          WHERE n = 1 OR random() < 0.5) v) s
JOIN demo_places g ON g.n = s.place
CROSS JOIN LATERAL (
    VALUES ('page_view', '/', 0, NULL::int, NULL), ('time_on_page', '/', 20, 20000, NULL),
           ('page_view', '/login', 21, NULL, NULL), ('login_failure', '/login', 45, NULL, 'invalid_grant'),
           ('login_failure', '/login', 70, NULL, CASE WHEN random() < 0.5 THEN 'too_many_attempts' ELSE 'access_denied' END),
           ('time_on_page', '/login', 75, 54000, NULL)) e(type, path, offset_s, duration_ms, error_code)
WHERE e.type NOT LIKE 'login%' OR random() < 0.6;
