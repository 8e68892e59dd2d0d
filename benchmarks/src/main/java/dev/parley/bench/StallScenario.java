package dev.parley.bench;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.RelayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * A slow consumer: whether the relay closes a receiver that stops reading while clips go to its room, and what it
 * costs the relay's memory.
 */
@Command(name = "stall",
        description = {"Issue 9's slow consumer. In one room R reading receivers, one sender and one stalled receiver "
                + "(a raw TLS socket with a small receive buffer that joins, then never reads); after --warm-clips "
                + "clips the sender sends --megabytes MiB of clips. A fresh relay with its default "
                + "--max-buffered-bytes, then one with the value given. Needs a relay it starts."})
final class StallScenario extends ScenarioCommand {
    @Option(names = "--receivers", paramLabel = "R", description = "Receivers that keep reading (default: ${DEFAULT-VALUE}).")
    int receivers = 5;

    @Option(names = "--megabytes", paramLabel = "MIB", description = "MiB of clips to send (default: ${DEFAULT-VALUE}).")
    double megabytes = 64;

    @Option(names = "--bytes", paramLabel = "BYTES", description = "Size of a WAV clip (default: ${DEFAULT-VALUE}).")
    int bytes = 320_044;

    @Option(names = "--window", paramLabel = "N",
            description = "Clips the sender keeps unacknowledged (default: ${DEFAULT-VALUE}).")
    int window = 2;

    @Option(names = "--receive-buffer", paramLabel = "BYTES",
            description = "Receive buffer the stalled socket asks for before it connects (default: ${DEFAULT-VALUE}).")
    int receiveBuffer = 16_384;

    @Option(names = "--warm-clips", paramLabel = "N",
            description = "Clips sent before the stalled receiver joins (default: ${DEFAULT-VALUE}).")
    int warmClips = 20;

    @Option(names = "--max-buffered-bytes", paramLabel = "BYTES",
            description = "The second relay's slow-consumer bound; 0 skips the second run (default: ${DEFAULT-VALUE}).")
    long maxBufferedBytes = 8L << 20;

    @Override
    public void check(Session session) {
        if (!session.servers().startsRelay()) {
            throw new IllegalArgumentException("stall measures the relay's memory: it needs a relay it starts");
        }
    }

    @Override
    public void run(Session session) throws Exception {
        int clips = (int) Math.ceil(megabytes * (1 << 20) / bytes);
        List<Stall.Result> results = new ArrayList<>();
        String standard = RelayConfig.defaults().maxBufferedBytes() + " (the relay's default in this build)";
        try (ChildServer relay = session.servers().relay()) {
            results.add(Stall.run(relay, standard, receivers, clips, bytes, window, warmClips, receiveBuffer));
        }
        if (maxBufferedBytes > 0) {
            try (ChildServer relay = session.servers().relay(List.of("--max-buffered-bytes", Long.toString(maxBufferedBytes)))) {
                results.add(Stall.run(relay, maxBufferedBytes + " (given)", receivers, clips, bytes, window, warmClips,
                        receiveBuffer));
            }
        }
        for (Stall.Result r : results) {
            summarise(session.report(), r, clips);
        }
    }

    private void summarise(Report report, Stall.Result r, int clips) {
        String sc = "stall, bound " + r.bound().replaceFirst(" .*", "");
        double sentMb = clips * (double) bytes / 1e6;
        double growthMb = (r.rssPeak() - r.rssBefore()) / 1e6;
        report.add(sc, "stalled receiver's close; bytes it got", r.end().close() + "; " + Report.num(r.end().bytes()),
                "-", "1013 " + Report.met(r.end().closeCode() == CloseCodes.SLOW_CONSUMER));
        report.add(sc, "relay logged the drop, ms after the first clip", Report.num(r.dropMs()), "-", "");
        report.add(sc, "others told it left; when", r.leaves() + "/" + r.others() + (r.leaves() == 0 ? ""
                : "; " + Report.num(r.firstLeaveMs()) + " ms, clip " + r.sentAtLeave() + "/" + r.clips()), "-",
                "all " + Report.met(r.leaves() == r.others()));
        report.add(sc, "relay heap MB before / peak / after", Report.num(r.heapBefore() / 1e6) + " / "
                + Report.num(r.heapPeak() / 1e6) + " / " + Report.num(r.heapAfter() / 1e6), "-", "");
        report.add(sc, "relay RSS MB before / peak / after", Report.num(r.rssBefore() / 1e6) + " / "
                + Report.num(r.rssPeak() / 1e6) + " / " + Report.num(r.rssAfter() / 1e6), "-",
                "peak growth < " + Report.num(sentMb) + " MB sent " + Report.met(growthMb < sentMb));
        report.add(sc, "every reader got every clip in seq order", r.everyClip() ? "yes" : "no", "-",
                "yes " + Report.met(r.everyClip()));
    }
}
