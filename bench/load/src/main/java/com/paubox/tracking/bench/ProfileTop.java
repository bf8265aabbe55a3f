package com.paubox.tracking.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Summarises an async-profiler CPU profile in collapsed-stack form (one "frame;frame;...;frame count" line
 * per distinct stack, outermost frame first; kernel frames end in "_[k]"): where the process's CPU time
 * went by kind (JIT compiler, GC, kernel, application), the hottest frames by self and by total time, and
 * the self time charged to the innermost frame of the project's own code. bench/run.sh writes one per
 * service with BENCH_PROFILE=1.
 */
final class ProfileTop {

    private ProfileTop() {
    }

    static void run(Args args) throws Exception {
        Path file = Path.of(args.required("file"));
        int top = args.integer("top", 30);
        String project = args.str("project", "com/paubox");
        Map<String, Long> kinds = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> charged = new HashMap<>();
        long samples = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            samples += n;
            String leaf = frames[frames.length - 1];
            self.merge(leaf, n, Long::sum);
            Set<String> seen = new HashSet<>();
            for (String f : frames) {
                if (seen.add(f)) {
                    total.merge(f, n, Long::sum);
                }
            }
            String stack = line.substring(0, space);
            String kind;
            if (stack.contains("CompileBroker")) {
                kind = "JIT compiler threads";
            } else if (stack.contains("GCTaskThread") || stack.contains("G1") || stack.contains("ConcurrentGCThread")
                    || stack.contains("WorkerThread::run")) {
                kind = "garbage collector";
            } else if (leaf.endsWith("_[k]")) {
                kind = "kernel (syscalls: sockets, epoll, futex, ...)";
            } else {
                kind = "user code (Java, JVM runtime, native libraries)";
            }
            kinds.merge(kind, n, Long::sum);
            String owner = "(no " + project + " frame on the stack)";
            for (int i = frames.length - 1; i >= 0; i--) {
                if (frames[i].startsWith(project) || frames[i].startsWith(project.replace('/', '.'))) {
                    owner = frames[i];
                    break;
                }
            }
            charged.merge(owner, n, Long::sum);
        }
        System.out.printf("%s: %,d samples%n%nby kind:%n", file.getFileName(), samples);
        print(kinds, samples, top);
        System.out.printf("%nself time (leaf frames):%n");
        print(self, samples, top);
        System.out.printf("%ntotal (inclusive) time of %s frames:%n", project);
        Map<String, Long> ours = new HashMap<>();
        total.forEach((k, v) -> {
            if (k.startsWith(project) || k.startsWith(project.replace('/', '.'))) {
                ours.put(k, v);
            }
        });
        print(ours, samples, top);
        System.out.printf("%nall CPU time charged to the innermost %s frame on its stack:%n", project);
        print(charged, samples, top);
    }

    private static void print(Map<String, Long> counts, long samples, int top) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
    }
}
