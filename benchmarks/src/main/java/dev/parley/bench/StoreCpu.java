package dev.parley.bench;

import dev.parley.bench.support.ProcStats;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;
import dev.parley.relay.Retention;
import dev.parley.relay.store.AppendListener;
import dev.parley.relay.store.NewMessage;
import dev.parley.relay.store.SqliteMessageStore;
import dev.parley.relay.store.StoredMessage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * The relay's message store alone: CPU of this process per stored MB of 320 kB clips appended 4 at a time (what
 * {@code voice}'s 2 senders with window 2 keep in flight), in a fresh data directory under {@code java.io.tmpdir}.
 * Run with {@code java -cp parley-bench.jar dev.parley.bench.StoreCpu [runs] [clips per run]}; Linux only.
 */
public final class StoreCpu {
    private static final int IN_FLIGHT = 4;
    private static final int RECEIVERS_AND_ECHO = 21;

    private StoreCpu() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int clips = args.length > 1 ? Integer.parseInt(args[1]) : 600;
        byte[] clip = clip();
        WavInfo info = Wav.inspect(ByteBuffer.wrap(clip));
        Path dir = Files.createTempDirectory("parley-bench-store");
        try (SqliteMessageStore store = SqliteMessageStore.open(dir, Retention.DEFAULTS, Clock.systemUTC())) {
            run(store, clip, info, clips / 2, "warm-up");
            for (int i = 1; i <= runs; i++) {
                run(store, clip, info, clips, "run " + i);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static byte[] clip() {
        short[] samples = new short[160_000];
        Random r = new Random(1);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) r.nextInt();
        }
        return Wav.write(samples, 16_000, 1);
    }

    private static int next;

    private static void run(SqliteMessageStore store, byte[] clip, WavInfo info, int count, String label)
            throws IOException, InterruptedException, ProtocolException {
        Semaphore window = new Semaphore(IN_FLIGHT);
        long pid = ProcessHandle.current().pid();
        long cpuBefore = ProcStats.cpuNanos(pid);
        long sysBefore = ProcStats.systemNanos(pid);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            window.acquire();
            store.append(NewMessage.voice("lobby", "alice", "v-" + next++, clip, info), new AppendListener() {
                @Override
                public void stored(StoredMessage message, boolean duplicate) {
                    window.release();
                }

                @Override
                public void failed(Exception cause) {
                    System.err.println("append failed: " + cause);
                    window.release();
                }
            });
        }
        store.flush();
        double mb = count * (double) clip.length / 1e6;
        double cpu = (ProcStats.cpuNanos(pid) - cpuBefore) / 1e6;
        double sys = (ProcStats.systemNanos(pid) - sysBefore) / 1e6;
        double user = cpu - sys;
        double wallMs = (System.nanoTime() - start) / 1e6;
        System.out.printf("%-8s %4d clips, %6.1f MB in %5.0f ms: CPU %5.2f ms per stored MB (user %4.2f, kernel %4.2f),"
                        + " %5.3f ms per delivered MB at %d copies%n", label, count, mb, wallMs, (user + sys) / mb,
                user / mb, sys / mb, (user + sys) / mb / RECEIVERS_AND_ECHO, RECEIVERS_AND_ECHO);
    }
}
