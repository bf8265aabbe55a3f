package com.paubox.tracking.bench;

import java.util.Arrays;

/**
 * Entry point of the benchmark tools; bench/run.sh calls one sub-command per phase. Every measuring
 * command appends one JSON object per result line to the file given by --out; {@code report} turns that
 * file into the Markdown table.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage();
            System.exit(2);
        }
        Args args = new Args(Arrays.copyOfRange(argv, 1, argv.length));
        switch (argv[0]) {
            case "dblimit" -> DbLimit.run(args);
            case "ladder" -> LoadLadder.run(args);
            case "lag-ladder" -> RollupLagLadder.run(args);
            case "baseline-server" -> BaselineServer.run(args);
            case "seed" -> Seed.run(args);
            case "dashboard" -> DashboardBench.run(args);
            case "wait-rollup" -> WaitRollup.run(args);
            case "accuracy" -> Accuracy.run(args);
            case "erasure" -> Erasure.run(args);
            case "first-request" -> FirstRequest.run(args);
            case "rss" -> Procs.printRss(args);
            case "report" -> Report.run(args);
            case "profile-top" -> ProfileTop.run(args);
            case "null-server" -> NullServer.run(args);
            case "sql" -> {
                try (var c = Db.connect(args.required("db"))) {
                    for (String stmt : args.required("exec").split(";")) {
                        if (!stmt.isBlank()) {
                            Db.exec(c, stmt);
                        }
                    }
                }
            }
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar bench.jar COMMAND [--option value ...]
                  dblimit          --db URL --rows N --out FILE               bulk-load limit of the events table (COPY, multi-row INSERT)
                  ladder           --url URL --mode batch|single --rates R1,R2,... --out FILE [--db URL --pids P1,P2 --target NAME]
                                                                               open-model load at increasing offered events/s
                  lag-ladder       --url URL --dashboard BASE --db URL --rates R1,R2,... --out FILE [--duration 60 --stop-lag 60 --drain-max 600
                                   --pids INGEST,DASHBOARD --samples FILE.csv --db-every 1]  rollup lag (metric and database) while batched beacons come in
                  baseline-server  --db URL --port P [--pool 10 --threads 32]  the seed's design: one INSERT per event, plain pool
                  seed             --db URL --events N --days D --out FILE     bulk-seed N events over D days (SQL, not HTTP)
                  dashboard        --url BASE --token-url URL --out FILE [--pid P]  p50/p95 of every dashboard endpoint
                  wait-rollup      --db URL --since EPOCH_MS --out FILE       waits for the dashboard's first rollup build
                  accuracy         --url BASE --token-url URL --db URL --out FILE  distinct figures vs exact count(DISTINCT)
                  erasure          --url BASE --token-url URL --db URL --out FILE [--per-day N]  erase a subject active every day (N events a day in N hours, default 4)
                  first-request    --kind ingest|dashboard --url URL --since EPOCH_MS --out FILE [--pid P --token-url URL]
                  report           --in FILE --out FILE.md                     the results table
                  sql              --db URL --exec "STMT; STMT"               run statements one by one (autocommit)
                  null-server      --port P                                   answers 204 to everything (generator self-test)
                  profile-top      --file F.collapsed [--top 30]              summary of an async-profiler CPU profile
                """);
    }
}
