package com.paubox.tracking.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} options; a flag without a value is "true". */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            String key = argv[i];
            if (!key.startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + key);
            }
            String value = i + 1 < argv.length && !argv[i + 1].startsWith("--") ? argv[++i] : "true";
            values.put(key.substring(2), value);
        }
    }

    String str(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v.trim());
    }

    long longValue(String name, long fallback) {
        String v = values.get(name);
        return v == null ? fallback : Long.parseLong(v.trim());
    }

    double decimal(String name, double fallback) {
        String v = values.get(name);
        return v == null ? fallback : Double.parseDouble(v.trim());
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        String v = values.get(name);
        if (v != null) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
