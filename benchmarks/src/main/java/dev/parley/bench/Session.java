package dev.parley.bench;

import dev.parley.bench.support.ProcStats;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What the scenarios of one command share: the windows they measure, the servers they start, the summary they fill. */
final class Session {
    private final CommonOptions options;
    private final Servers servers;
    private final Report report = new Report();
    private double tlsPairMegabytesPerSecond = Double.NaN;

    Session(CommonOptions options) {
        this.options = options;
        this.servers = new Servers(options);
    }

    /** Measured windows per phase. */
    int runs() {
        return options.runs;
    }

    /** Seconds per measured window. */
    int seconds() {
        return options.seconds;
    }

    /** Warm-up seconds before the first window. */
    int warmup() {
        return options.warmup;
    }

    Servers servers() {
        return servers;
    }

    Report report() {
        return report;
    }

    /** The reference servers a scenario compares the relay with: its own list, or none with --no-reference. */
    List<Target> references(List<Target> scenarioReferences) {
        return options.noReference ? List.of() : scenarioReferences;
    }

    /** The TLS pair's throughput (MB/s), NaN until {@link TlsScenario} measured it in this session. */
    double tlsPairMegabytesPerSecond() {
        return tlsPairMegabytesPerSecond;
    }

    void tlsPairMegabytesPerSecond(double megabytesPerSecond) {
        tlsPairMegabytesPerSecond = megabytesPerSecond;
    }

    /** The summary table that ends every command, after a line saying when, where and over how many windows. */
    void printSummary() {
        System.out.println();
        System.out.println("Summary: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + ", " + Window.CORES + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", load average " + ProcStats.loadAverage() + "; medians of "
                + runs() + " windows per phase");
        report.print();
    }
}
