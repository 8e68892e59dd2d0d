package dev.parley.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options of a benchmark command; unknown names are refused. */
final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    Args(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String name = a.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                values.put(name, args.get(++i));
            } else {
                values.put(name, "true");
            }
        }
    }

    int integer(String name, int otherwise) {
        used.add(name);
        String v = values.get(name);
        return v == null ? otherwise : Integer.parseInt(v);
    }

    double decimal(String name, double otherwise) {
        used.add(name);
        String v = values.get(name);
        return v == null ? otherwise : Double.parseDouble(v);
    }

    String string(String name, String otherwise) {
        used.add(name);
        return values.getOrDefault(name, otherwise);
    }

    boolean flag(String name) {
        used.add(name);
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    /** Fails on any option no scenario asked for (a typo would otherwise silently run the defaults). */
    void checkAllUsed() {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
    }
}
