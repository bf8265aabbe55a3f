package com.paubox.tracking.dashboard;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.paubox.tracking.dashboard.model.ClicksReport;
import com.paubox.tracking.dashboard.model.CustomersReport;
import com.paubox.tracking.dashboard.model.LoginsReport;
import com.paubox.tracking.dashboard.model.Overview;
import com.paubox.tracking.dashboard.model.PagesReport;
import com.paubox.tracking.dashboard.model.SessionsReport;
import com.paubox.tracking.dashboard.model.Timeseries;

/** Computes every report straight from the seeded list, in plain Java, as the independent oracle. */
final class Expected {

    private final List<SeededEvent> events;
    private final ZoneId zone;
    private final LocalDate from;
    private final LocalDate to;

    /** The events matching the filters: local date of occurred_at in [from, to] in zone. */
    Expected(List<SeededEvent> all, LocalDate from, LocalDate to, String tz, Long customer, String surface, String pathPrefix) {
        this.zone = ZoneId.of(tz);
        this.from = from;
        this.to = to;
        this.events = all.stream().filter(e -> {
            LocalDate local = e.occurredAt().atZoneSameInstant(zone).toLocalDate();
            return !local.isBefore(from) && !local.isAfter(to)
                    && (customer == null || customer.equals(e.customerId()))
                    && (surface == null || surface.equals(e.surface()))
                    && (pathPrefix == null || e.pagePath().startsWith(pathPrefix));
        }).toList();
    }

    List<SeededEvent> events() {
        return events;
    }

    private List<SeededEvent> ofType(String... types) {
        Set<String> wanted = Set.of(types);
        return events.stream().filter(e -> wanted.contains(e.type())).toList();
    }

    private static <T> long distinct(List<SeededEvent> list, Function<SeededEvent, T> key) {
        return list.stream().map(key).filter(Objects::nonNull).distinct().count();
    }

    private static Long avg(List<SeededEvent> list, Function<SeededEvent, Integer> value) {
        List<Integer> values = list.stream().map(value).filter(Objects::nonNull).toList();
        if (values.isEmpty()) {
            return null;
        }
        BigDecimal sum = values.stream().map(BigDecimal::valueOf).reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(values.size()), 0, RoundingMode.HALF_UP).longValueExact();
    }

    Overview overview() {
        return new Overview(ofType("page_view").size(), distinct(events, SeededEvent::userSub), distinct(events, SeededEvent::anonId),
                distinct(events, SeededEvent::sessionId), avg(ofType("time_on_page"), SeededEvent::visibleMs),
                avg(ofType("time_on_page"), SeededEvent::durationMs), ofType("click").size(), ofType("login_success").size(),
                ofType("login_failure").size(), null);
    }

    Timeseries timeseries(String metric, String interval) {
        Predicate<SeededEvent> type = switch (metric) {
            case "page_views" -> e -> e.type().equals("page_view");
            case "clicks" -> e -> e.type().equals("click");
            case "login_successes" -> e -> e.type().equals("login_success");
            case "login_failures" -> e -> e.type().equals("login_failure");
            case "avg_visible_ms", "avg_duration_ms" -> e -> e.type().equals("time_on_page");
            default -> e -> true;
        };
        Function<SeededEvent, ZonedDateTime> bucketOf = e -> {
            ZonedDateTime local = e.occurredAt().atZoneSameInstant(zone);
            return interval.equals("day") ? local.toLocalDate().atStartOfDay(zone) : local.truncatedTo(ChronoUnit.HOURS);
        };
        Map<Instant, List<SeededEvent>> byBucket = events.stream().filter(type)
                .collect(Collectors.groupingBy(e -> bucketOf.apply(e).toInstant()));
        List<ZonedDateTime> buckets = new ArrayList<>();
        if (interval.equals("day")) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                buckets.add(d.atStartOfDay(zone));
            }
        } else {
            Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
            for (Instant t = from.atStartOfDay(zone).toInstant(); t.isBefore(end); t = t.plusSeconds(3600)) {
                buckets.add(t.atZone(zone));
            }
        }
        List<Timeseries.Point> points = new ArrayList<>();
        for (ZonedDateTime b : buckets) {
            List<SeededEvent> in = byBucket.getOrDefault(b.toInstant(), List.of());
            Long value = switch (metric) {
                case "unique_users" -> distinct(in, SeededEvent::userSub);
                case "unique_visitors" -> distinct(in, SeededEvent::anonId);
                case "sessions" -> distinct(in, SeededEvent::sessionId);
                case "avg_visible_ms" -> avg(in, SeededEvent::visibleMs);
                case "avg_duration_ms" -> avg(in, SeededEvent::durationMs);
                default -> (long) in.size();
            };
            points.add(new Timeseries.Point(b.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), value, null));
        }
        return new Timeseries(metric, interval, zone.getId(), points);
    }

    PagesReport pages(int limit) {
        Map<String, List<SeededEvent>> byPath = ofType("page_view", "time_on_page").stream()
                .collect(Collectors.groupingBy(SeededEvent::pagePath));
        List<PagesReport.Row> rows = byPath.entrySet().stream().map(en -> {
            List<SeededEvent> views = en.getValue().stream().filter(e -> e.type().equals("page_view")).toList();
            List<SeededEvent> times = en.getValue().stream().filter(e -> e.type().equals("time_on_page")).toList();
            return new PagesReport.Row(en.getKey(), views.size(), distinct(views, SeededEvent::userSub), avg(times, SeededEvent::visibleMs), null);
        }).sorted(Comparator.comparingLong(PagesReport.Row::views).reversed().thenComparing(PagesReport.Row::pagePath)).limit(limit).toList();
        return new PagesReport(rows);
    }

    ClicksReport clicks(int limit) {
        Map<String, List<SeededEvent>> byLabel = ofType("click").stream().collect(Collectors.groupingBy(SeededEvent::label));
        List<ClicksReport.Row> rows = byLabel.entrySet().stream().map(en -> {
            Map<String, Long> perPage = en.getValue().stream().collect(Collectors.groupingBy(SeededEvent::pagePath, TreeMap::new, Collectors.counting()));
            String top = perPage.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .findFirst().orElseThrow().getKey();
            Map<String, Long> perElement = en.getValue().stream().filter(e -> e.element() != null)
                    .collect(Collectors.groupingBy(SeededEvent::element, TreeMap::new, Collectors.counting()));
            String element = perElement.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            return new ClicksReport.Row(en.getKey(), element, en.getValue().size(), distinct(en.getValue(), SeededEvent::userSub), top, null);
        }).sorted(Comparator.comparingLong(ClicksReport.Row::clicks).reversed().thenComparing(ClicksReport.Row::label)).limit(limit).toList();
        return new ClicksReport(rows);
    }

    SessionsReport sessions() {
        Map<String, Set<Object>> perUser = new HashMap<>();
        for (SeededEvent e : events) {
            if (e.userSub() != null) {
                perUser.computeIfAbsent(e.userSub(), k -> new HashSet<>()).add(e.sessionId());
            }
        }
        Map<Long, Long> histogram = new TreeMap<>();
        long total = 0;
        for (Set<Object> s : perUser.values()) {
            histogram.merge((long) s.size(), 1L, Long::sum);
            total += s.size();
        }
        double avg = perUser.isEmpty() ? 0.0
                : BigDecimal.valueOf(total).divide(BigDecimal.valueOf(perUser.size()), 2, RoundingMode.HALF_UP).doubleValue();
        List<SessionsReport.Bucket> distribution = histogram.entrySet().stream().map(en -> new SessionsReport.Bucket(en.getKey(), en.getValue(), null)).toList();
        return new SessionsReport(distinct(events, SeededEvent::sessionId), perUser.size(), avg, distribution, null);
    }

    /**
     * /logins with every breakdown row of fewer than {@code minGroupUsers} distinct signed-in users folded into a last
     * row "other" (suppressed, their sums); kept rows in their order.
     */
    LoginsReport logins(int minGroupUsers) {
        List<SeededEvent> logins = ofType("login_success", "login_failure");
        long s = logins.stream().filter(e -> e.type().equals("login_success")).count();
        long f = logins.size() - s;
        List<SeededEvent> failed = logins.stream().filter(e -> e.type().equals("login_failure")).toList();
        Map<String, List<SeededEvent>> codes = failed.stream().collect(Collectors.groupingBy(SeededEvent::errorCode));
        List<Map.Entry<String, List<SeededEvent>>> sortedCodes = codes.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, List<SeededEvent>> en) -> en.getValue().size()).reversed()
                        .thenComparing(Map.Entry::getKey)).toList();
        List<LoginsReport.CodeCount> byCode = new ArrayList<>();
        long otherFailures = 0;
        boolean folded = false;
        for (Map.Entry<String, List<SeededEvent>> en : sortedCodes) {
            if (distinct(en.getValue(), SeededEvent::userSub) < minGroupUsers) {
                otherFailures += en.getValue().size();
                folded = true;
            } else {
                byCode.add(new LoginsReport.CodeCount(en.getKey(), en.getValue().size(), false));
            }
        }
        if (folded) {
            byCode.add(new LoginsReport.CodeCount("other", otherFailures, true));
        }
        Double rate = logins.isEmpty() ? null
                : BigDecimal.valueOf(f).divide(BigDecimal.valueOf(logins.size()), 4, RoundingMode.HALF_UP).doubleValue();
        return new LoginsReport(s, f, rate, minGroupUsers, byCode, breakdown(logins, SeededEvent::geoCountry, minGroupUsers),
                breakdown(logins, SeededEvent::geoRegion, minGroupUsers), breakdown(logins, SeededEvent::geoCity, minGroupUsers),
                breakdown(logins, SeededEvent::browser, minGroupUsers), breakdown(logins, SeededEvent::os, minGroupUsers),
                breakdown(logins, SeededEvent::deviceType, minGroupUsers), null);
    }

    private static List<LoginsReport.Breakdown> breakdown(List<SeededEvent> logins, Function<SeededEvent, String> key, int minGroupUsers) {
        Map<String, List<SeededEvent>> groups = new LinkedHashMap<>();
        for (SeededEvent e : logins) {
            groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e);
        }
        List<LoginsReport.Breakdown> kept = new ArrayList<>();
        long[] other = new long[2];
        boolean folded = false;
        for (Map.Entry<String, List<SeededEvent>> en : groups.entrySet()) {
            long successes = en.getValue().stream().filter(e -> e.type().equals("login_success")).count();
            long failures = en.getValue().size() - successes;
            if (distinct(en.getValue(), SeededEvent::userSub) < minGroupUsers) {
                other[0] += successes;
                other[1] += failures;
                folded = true;
            } else {
                kept.add(new LoginsReport.Breakdown(en.getKey(), successes, failures, false));
            }
        }
        List<LoginsReport.Breakdown> out = new ArrayList<>(kept.stream()
                .sorted(Comparator.comparingLong((LoginsReport.Breakdown b) -> b.successes() + b.failures()).reversed()
                        .thenComparing(LoginsReport.Breakdown::key, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList());
        if (folded) {
            out.add(new LoginsReport.Breakdown("other", other[0], other[1], true));
        }
        return out;
    }

    CustomersReport customers(int limit) {
        Map<Long, List<SeededEvent>> byCustomer = events.stream().filter(e -> e.customerId() != null)
                .collect(Collectors.groupingBy(SeededEvent::customerId));
        List<CustomersReport.Row> rows = byCustomer.entrySet().stream().map(en -> {
            List<SeededEvent> list = en.getValue();
            OffsetDateTime last = list.stream().map(SeededEvent::occurredAt).max(Comparator.naturalOrder()).orElseThrow();
            return new CustomersReport.Row(en.getKey(), list.stream().filter(e -> e.type().equals("page_view")).count(),
                    distinct(list, SeededEvent::userSub), distinct(list, SeededEvent::sessionId),
                    last.atZoneSameInstant(zone).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), null);
        }).sorted(Comparator.comparingLong(CustomersReport.Row::pageViews).reversed().thenComparing(CustomersReport.Row::customerId))
                .limit(limit).toList();
        return new CustomersReport(rows);
    }
}
