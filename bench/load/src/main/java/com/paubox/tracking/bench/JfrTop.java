package com.paubox.tracking.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples (jdk.ExecutionSample): the hottest methods by self time and
 * by total (inclusive) time, as shares of all samples. bench/run.sh records one per service with
 * BENCH_JFR=1.
 */
final class JfrTop {

    private JfrTop() {
    }

    static void run(Args args) throws Exception {
        Path file = Path.of(args.required("file"));
        int top = args.integer("top", 25);
        String filter = args.str("filter", "");
        double skipSeconds = args.decimal("skip-seconds", 0); // e.g. start-up and JIT warm-up
        java.time.Instant first = null;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> bySelfInProject = new HashMap<>();
        String callersOf = args.str("callers", null); // stacks under which this method (top frame) runs
        Map<String, Long> callers = new HashMap<>();
        long samples = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                if (first == null) {
                    first = e.getStartTime();
                }
                if (e.getStartTime().isBefore(first.plusMillis((long) (skipSeconds * 1000)))) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = st.getFrames();
                self.merge(name(frames.get(0)), 1L, Long::sum);
                if (callersOf != null && name(frames.get(0)).contains(callersOf)) {
                    StringBuilder stack = new StringBuilder();
                    for (int i = 0; i < Math.min(12, frames.size()); i++) {
                        stack.append("\n      ").append(name(frames.get(i))).append(':').append(frames.get(i).getLineNumber());
                    }
                    callers.merge(stack.toString(), 1L, Long::sum);
                }
                String owner = null;
                for (RecordedFrame f : frames) {
                    if (name(f).startsWith(filter.isEmpty() ? "com.paubox" : filter)) {
                        owner = name(f);
                        break;
                    }
                }
                bySelfInProject.merge(owner == null ? "(outside " + (filter.isEmpty() ? "com.paubox" : filter) + ")" : owner, 1L, Long::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String n = name(f);
                    if (seen.add(n)) {
                        total.merge(n, 1L, Long::sum);
                    }
                }
            }
        }
        System.out.printf("%s: %,d CPU samples%n%nself time:%n", file.getFileName(), samples);
        print(self, samples, top, "");
        System.out.printf("%ntotal (inclusive) time%s:%n", filter.isEmpty() ? "" : ", methods containing '" + filter + "'");
        print(total, samples, top, filter);
        if (callersOf != null) {
            System.out.printf("%nstacks of %s:%n", callersOf);
            print(callers, samples, 8, "");
        }
        System.out.printf("%nself time charged to the innermost project method on the stack:%n");
        print(bySelfInProject, samples, top, "");
    }

    private static void print(Map<String, Long> counts, long samples, int top, String filter) {
        counts.entrySet().stream()
                .filter(e -> e.getKey().contains(filter))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
