package dev.parley.bench;

import org.HdrHistogram.Histogram;

import javax.net.ssl.SSLContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether a live stream slows chat in another room: chat at a fixed offered rate without a stream, while one speaker
 * streams to {@code listeners} in a room of its own, and without again.
 */
record LiveInterference(int listeners, double messageSeconds, int chunkMs, Traffic.Setup chat, double rate) {
    private static final List<String> FIGURES = Report.list("sent/s", "delivered/s", "latency p50 ms",
            "latency p90 ms", "latency p99 ms", "latency max ms", "server CPU cores", "generator CPU cores",
            "order errors");

    /** The chat's windows without, with and again without the stream. */
    private record Chat(List<Window> before, List<Window> with, List<Window> after) {
        /** A figure without the stream: the mean of its medians before and after. */
        double without(String figure) {
            return (Report.median(before, figure) + Report.median(after, figure)) / 2;
        }

        /** A figure while the stream ran: its median. */
        double streaming(String figure) {
            return Report.median(with, figure);
        }
    }

    /** Runs the three chat phases and the stream on {@code relay}, prints them and adds the rows to {@code summary}. */
    void run(Session session, Report summary, ChildServer relay, SSLContext tls, String room) throws Exception {
        Chat chat = measure(session, relay, tls, room);
        printComparison(chat);
        String sc = "live beside chat " + this.chat.receivers() + "+" + this.chat.senders() + " @" + Report.num(rate) + "/s";
        double p50Without = chat.without("latency p50 ms");
        double p99Without = chat.without("latency p99 ms");
        double p50With = chat.streaming("latency p50 ms");
        double p99With = chat.streaming("latency p99 ms");
        summary.add(sc, "chat p50/p99 ms without / with a stream to " + listeners,
                Report.num(p50Without) + " / " + Report.num(p99Without) + " -> " + Report.num(p50With) + " / "
                        + Report.num(p99With), String.format(Locale.ROOT, "difference %+.2f / %+.2f ms",
                        p50With - p50Without, p99With - p99Without), "");
        summary.add(sc, "order errors (seq not last+1)",
                Report.num(Window.orderErrors(chat.before(), chat.with(), chat.after())), "-", "0");
    }

    private Chat measure(Session session, ChildServer relay, SSLContext tls, String room) throws Exception {
        String who = chat.receivers() + " receivers + " + chat.senders() + " senders, " + Report.num(rate) + " msgs/s offered";
        List<LiveMessage> streamed = new ArrayList<>();
        try (Traffic load = Traffic.connect(relay, tls, chat);
             Live live = Live.join(relay, tls, room, listeners, chunkMs)) {
            List<Window> before = load.run(1, rate, session.warmup(), session.seconds(), session.runs());
            Report.printPhase("live interference: chat, no live stream, " + who, before, FIGURES);
            live.takeLatency();
            AtomicBoolean stop = new AtomicBoolean();
            Exception[] failed = {null};
            Thread streamer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        streamed.add(live.stream(messageSeconds, true));
                    }
                } catch (Exception e) {
                    failed[0] = e;
                }
            }, "bench-live-streamer");
            List<Window> with;
            streamer.start(); // the chat's warm-up lets the stream get going before the measured windows
            try {
                with = load.run(1, rate, session.warmup(), session.seconds(), session.runs());
            } finally {
                stop.set(true);
                streamer.join(); // the message under way ends (and is checked) first; join orders streamed and failed
            }
            if (failed[0] != null) {
                throw failed[0];
            }
            Histogram streamLatency = live.takeLatency();
            Report.printPhase("live interference: chat while 1 speaker streams to " + listeners
                    + " listeners in another room, " + who, with, FIGURES);
            List<Window> after = load.run(1, rate, session.warmup(), session.seconds(), session.runs());
            Report.printPhase("live interference: chat, no live stream again, " + who, after, FIGURES);
            LivePhase stream = new LivePhase(listeners, streamed, List.of(), Double.NaN, Double.NaN, streamLatency, "",
                    Double.NaN, live.anomalies(), live.lastError());
            System.out.println();
            System.out.println("== live interference: the stream beside the chat (" + streamed.size() + " messages of "
                    + Report.num(messageSeconds) + " s to " + listeners + " listeners)");
            stream.printChecks();
            return new Chat(before, with, after);
        }
    }

    private static void printComparison(Chat chat) {
        double p50Without = chat.without("latency p50 ms");
        double p99Without = chat.without("latency p99 ms");
        double p50With = chat.streaming("latency p50 ms");
        double p99With = chat.streaming("latency p99 ms");
        System.out.println();
        System.out.printf(Locale.ROOT, "  chat latency p50 / p99 ms: without %s / %s (before %s / %s, after %s / %s);"
                        + " with the stream %s / %s; difference %+.2f / %+.2f ms%n",
                Report.num(p50Without), Report.num(p99Without),
                Report.num(Report.median(chat.before(), "latency p50 ms")),
                Report.num(Report.median(chat.before(), "latency p99 ms")),
                Report.num(Report.median(chat.after(), "latency p50 ms")),
                Report.num(Report.median(chat.after(), "latency p99 ms")),
                Report.num(p50With), Report.num(p99With), p50With - p50Without, p99With - p99Without);
        System.out.printf(Locale.ROOT, "  relay CPU %% of one core: without %s, with the stream %s%n",
                Report.num(100 * chat.without("server CPU cores")),
                Report.num(100 * chat.streaming("server CPU cores")));
    }
}
