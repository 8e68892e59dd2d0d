package dev.parley.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Prints the figures: medians of repeated windows as a table per phase, and the summary rows a command ends with. */
final class Report {
    /** One line of the final summary: a figure, what it is compared to, and the target if it has one. */
    record Row(String scenario, String figure, String value, String reference, String target) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(String scenario, String figure, String value, String reference, String target) {
        rows.add(new Row(scenario, figure, value, reference, target));
    }

    /** The summary rows so far, in order. */
    List<Row> rows() {
        return List.copyOf(rows);
    }

    /** Adds another report's rows after these (rows gathered while other rows could not be written yet). */
    void addAll(Report other) {
        rows.addAll(other.rows);
    }

    /** The median over windows of one figure. */
    static double median(List<Window> windows, String figure) {
        return median(windows.stream().mapToDouble(w -> w.figures().get(figure)).sorted().toArray());
    }

    /** The median of values sorted in ascending order (NaN if there are none). */
    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** One figure over repeated runs as every table prints it: its name, the median, then [min .. max]. */
    static String spread(String figure, double[] sorted) {
        return String.format(Locale.ROOT, "  %-26s %12s   [%s .. %s]", figure, num(median(sorted)), num(sorted[0]),
                num(sorted[sorted.length - 1]));
    }

    /** Prints every figure of a phase as median [min .. max], then the relay's hottest threads per window. */
    static void printPhase(String title, List<Window> windows, List<String> figures) {
        System.out.println();
        System.out.println("== " + title + " (" + windows.size() + " windows of "
                + String.format(Locale.ROOT, "%.1f", windows.get(0).seconds()) + " s; median [min .. max])");
        for (String f : figures) {
            System.out.println(spread(f, windows.stream().mapToDouble(w -> w.figures().get(f)).sorted().toArray()));
        }
        for (Window w : windows) {
            if (!w.hotThreads().isEmpty()) {
                System.out.println("  hottest server threads: " + w.hotThreads());
            }
        }
        System.out.println("  bottleneck: " + verdict(windows));
    }

    /**
     * Who limited the run: the server, the generator, or the machine's two cores shared by both. The server and
     * this generator run on the same machine; the generator decrypts every copy the server encrypts.
     */
    static String verdict(List<Window> windows) {
        double server = median(windows, "server CPU cores");
        double gen = median(windows, "generator CPU cores");
        int cores = Window.CORES;
        if (Double.isNaN(server)) {
            return String.format(Locale.ROOT, "generator %.2f cores of %d; the relay's CPU is not visible from here",
                    gen, cores) + (gen >= 0.85 * cores ? " (generator-bound)" : "");
        }
        String figures = String.format(Locale.ROOT, "server %.2f cores, generator %.2f cores, of %d", server, gen, cores);
        if (server + gen >= 0.85 * cores) {
            return figures + ": the machine is saturated; the generator takes "
                    + String.format(Locale.ROOT, "%.0f%%", 100 * gen / (server + gen))
                    + " of the CPU in use, so absolute rates are a lower bound of the server alone"
                    + (gen > server ? " (generator-bound)" : "");
        }
        return figures + ": CPU to spare (latency- or window-bound, not CPU-bound)";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * Prints what a server says its engine is and what TLS its clients got, and returns it for the summary
     * ("epoll, BoringSSL; clients got TLSv1.3 TLS_AES_256_GCM_SHA384").
     */
    static String engine(ChildServer server, String tlsSession) {
        String e = server.engine() + "; clients got " + tlsSession;
        System.out.println();
        System.out.println("-- " + server.name + ": " + e);
        return e;
    }

    /** A summary row's reference column: one cell per reference server, joined by "; ", or "-" without any. */
    static <T> String references(List<T> references, Function<T, String> cell) {
        return references.isEmpty() ? "-" : references.stream().map(cell).collect(Collectors.joining("; "));
    }

    /** How a summary row says whether its target was met. */
    static String met(boolean ok) {
        return ok ? "MET" : "NOT MET";
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    void print() {
        int[] w = {8, 6, 5, 9, 6};
        for (Row r : rows) {
            w[0] = Math.max(w[0], r.scenario().length());
            w[1] = Math.max(w[1], r.figure().length());
            w[2] = Math.max(w[2], r.value().length());
            w[3] = Math.max(w[3], r.reference().length());
            w[4] = Math.max(w[4], r.target().length());
        }
        System.out.println();
        line(w, "scenario", "figure", "value", "reference", "target");
        line(w, "-".repeat(w[0]), "-".repeat(w[1]), "-".repeat(w[2]), "-".repeat(w[3]), "-".repeat(w[4]));
        for (Row r : rows) {
            line(w, r.scenario(), r.figure(), r.value(), r.reference(), r.target());
        }
    }

    private static void line(int[] w, String... cells) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            b.append(' ').append(cells[i]).append(" ".repeat(w[i] - cells[i].length())).append(" |");
        }
        System.out.println(b);
    }

    static List<String> list(String... figures) {
        return Arrays.asList(figures);
    }
}
