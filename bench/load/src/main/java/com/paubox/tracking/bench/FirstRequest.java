package com.paubox.tracking.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Phase 5: time from a service's process start (epoch ms taken by run.sh just before launching it) to
 * its first successful API answer: a stored beacon (204) for the ingest service, an authenticated
 * overview (200) for the dashboard. Polls every 10 ms for at most --max-seconds. Also the idle RSS then.
 */
final class FirstRequest {

    private FirstRequest() {
    }

    static void run(Args args) throws Exception {
        String kind = args.required("kind");
        String url = args.required("url");
        long since = args.longValue("since", System.currentTimeMillis());
        String out = args.required("out");
        long pid = args.longValue("pid", -1);
        double maxSeconds = args.decimal("max-seconds", 120);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String token = null;
        long deadline = System.currentTimeMillis() + (long) (maxSeconds * 1000);
        Beacons beacons = new Beacons(99);
        while (true) {
            try {
                HttpRequest request;
                if (kind.equals("ingest")) {
                    request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "text/plain;charset=UTF-8")
                            .header("User-Agent", Beacons.BROWSER_UAS[0])
                            .header("Origin", "http://localhost:3000")
                            .POST(HttpRequest.BodyPublishers.ofString(beacons.next(1).body())).build();
                } else {
                    if (token == null) {
                        token = DashboardBench.get(http, args.required("token-url"), null).body().trim();
                    }
                    request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token).GET().build();
                }
                HttpResponse<String> resp = http.send(request, HttpResponse.BodyHandlers.ofString());
                int expected = kind.equals("ingest") ? 204 : 200;
                if (resp.statusCode() == expected) {
                    long elapsed = System.currentTimeMillis() - since;
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("phase", "startup");
                    r.put("service", kind);
                    r.put("first_request_ms", elapsed);
                    r.put("idle_rss_mb", pid > 0 ? Procs.rssKb(pid) / 1024 : -1);
                    Results.append(out, r);
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(kind + " gave no successful answer within " + maxSeconds + " s");
            }
            Thread.sleep(10);
        }
    }
}
