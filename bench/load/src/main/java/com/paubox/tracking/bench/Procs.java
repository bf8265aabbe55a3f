package com.paubox.tracking.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/** /proc readings: resident memory and CPU time of processes, CPU time of the whole machine. */
final class Procs {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private Procs() {
    }

    /** VmRSS in KiB, or -1 when the process is gone. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** utime + stime of one process in ticks (children not included), 0 when gone. */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU ticks of every process named {@code postgres} (the server and its backends). */
    static long postgresTicks() {
        long total = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(dir.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    if (stat.substring(open + 1, close).equals("postgres")) {
                        String[] f = stat.substring(close + 2).split(" ");
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // exited meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** Busy ticks of the whole machine (all cores) from /proc/stat. */
    static long machineBusyTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static double cores(long ticks, double seconds) {
        return seconds <= 0 ? 0 : DbLimit.round(ticks / TICKS_PER_SECOND / seconds, 2);
    }

    static long selfPid() {
        return ProcessHandle.current().pid();
    }

    /** Samples the peak RSS of some processes every 200 ms until closed. */
    static final class RssSampler implements AutoCloseable {
        private final List<Long> pids;
        private final AtomicLongArray peakKb;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });

        RssSampler(List<Long> pids) {
            this.pids = pids;
            this.peakKb = new AtomicLongArray(pids.size());
            timer.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            for (int i = 0; i < pids.size(); i++) {
                long kb = rssKb(pids.get(i));
                if (kb > peakKb.get(i)) {
                    peakKb.set(i, kb);
                }
            }
        }

        long peakMb(int index) {
            return peakKb.get(index) / 1024;
        }

        @Override
        public void close() {
            sample();
            timer.shutdownNow();
        }
    }

    static void printRss(Args args) {
        System.out.println(rssKb(Long.parseLong(args.required("pid"))) / 1024);
    }
}
