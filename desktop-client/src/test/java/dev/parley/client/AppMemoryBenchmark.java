package dev.parley.client;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.chat.TimelineItem;
import dev.parley.client.testing.AppHarness;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;
import dev.parley.relay.tls.RelayIdentity;
import javafx.scene.control.ListView;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.testfx.util.WaitForAsyncUtils;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test: the desktop app's memory with a long timeline (issue 4). A relay runs as a child process; a seeding
 * client fills a room with 10,000 messages, 1,000 of them 10-second voice clips (320 kB each, 320 MB in all). Then
 * the real app (headless, in this JVM) joins, scrolls to the top until the whole history is loaded, and scrolls
 * through every message; the figures are this JVM's live heap after a full GC and its resident set size.
 * <p>
 * Run (see the README's Performance section): {@code mvn -q -pl desktop-client -am test-compile exec:exec
 * -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-classpath %classpath dev.parley.client.AppMemoryBenchmark --messages 10000 --clip-every 10"}.
 */
public final class AppMemoryBenchmark {
    private static final Pattern FIRST_LINE = Pattern.compile("wss://([^:]+):(\\d+) - certificate SHA-256 ([0-9A-F:]+)");

    private AppMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = 10_000;
        int clipEvery = 10;
        double clipSeconds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--clip-every" -> clipEvery = Integer.parseInt(args[i + 1]);
                case "--clip-seconds" -> clipSeconds = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("options: --messages N --clip-every K --clip-seconds S");
            }
        }
        headless();
        Path tmp = Files.createTempDirectory("parley-memory-bench");
        Process relay = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
                "dev.parley.relay.cli.RelayMain", "--port", "0", "--bind", "127.0.0.1", "--data",
                tmp.resolve("relay").toString(), "--no-rate-limits")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
            Matcher m = FIRST_LINE.matcher(out.readLine());
            if (!m.find()) {
                throw new IllegalStateException("the relay did not say where it listens");
            }
            URI uri = URI.create("wss://127.0.0.1:" + m.group(2));
            String fingerprint = m.group(3);
            SSLContext tls = pinned(tmp.resolve("relay"));

            long seedStart = System.nanoTime();
            int clips = seed(uri, tls, messages, clipEvery, clipSeconds);
            System.out.printf("seeded %,d messages (%,d clips of %.0f s, %.0f MB) in %.1f s%n", messages, clips,
                    clipSeconds, clips * (clipSeconds * 32_000 + 44) / 1e6, (System.nanoTime() - seedStart) / 1e9);
            gc();
            long heapBefore = heapUsed();

            AppOptions options = AppOptions.parse(List.of("--relay", uri.toString(), "--nick", "reader", "--room", "lobby",
                    "--trust", fingerprint, "--settings-dir", tmp.resolve("settings").toString()));
            AppHarness app = AppHarness.launch(options, s -> new NoVoiceIo("benchmark"));
            app.awaitJoined();
            @SuppressWarnings("unchecked")
            ListView<TimelineItem> timeline = (ListView<TimelineItem>) app.node("#timeline");
            long loadStart = System.nanoTime();
            int target = messages;
            while (AppHarness.fx(() -> timeline.getItems().size()) < target
                    && !AppHarness.fx(() -> app.app().session().model().historyExhaustedProperty().get())) {
                int before = AppHarness.fx(() -> timeline.getItems().size());
                AppHarness.onFx(() -> {
                    timeline.scrollTo(0);
                    app.app().session().chat().scrolledToTop(); // what the scroll bar reaching the top does
                });
                waitUntil(() -> AppHarness.fx(() -> timeline.getItems().size()) > before
                        || AppHarness.fx(() -> app.app().session().model().historyExhaustedProperty().get()), 60_000);
            }
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            int size = AppHarness.fx(() -> timeline.getItems().size());
            long scrollStart = System.nanoTime();
            for (int i = 0; i < size; i += 12) {
                int at = i;
                AppHarness.onFx(() -> timeline.scrollTo(at));
                WaitForAsyncUtils.waitForFxEvents();
            }
            double scrollSeconds = (System.nanoTime() - scrollStart) / 1e9;
            long inMemory = AppHarness.fx(() -> timeline.getItems().stream()
                    .filter(t -> t.clip() != null && t.clip().inMemory()).count());
            long voice = AppHarness.fx(() -> timeline.getItems().stream().filter(t -> t.clip() != null).count());
            gc();
            long heap = heapUsed();
            long rss = rssBytes();
            System.out.printf("app timeline: %,d messages (%,d clips) loaded by scrolling to the top in %.1f s;"
                    + " scrolled through all in %.1f s%n", size, voice, loadSeconds, scrollSeconds);
            System.out.printf("clips held in memory: %d (the others wait on disk, read when played)%n", inMemory);
            System.out.printf("live heap after full GC: %.1f MB (%.1f MB before the app started); RSS %.1f MB;"
                    + " target <= 300 MB; JVM options %s%n", heap / 1e6, heapBefore / 1e6, rss / 1e6,
                    ManagementFactory.getRuntimeMXBean().getInputArguments());
            app.close();
        } finally {
            relay.destroy();
            relay.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** Sends the messages, a clip every {@code clipEvery}, waiting for echoes so the relay is never flooded. */
    private static int seed(URI uri, SSLContext tls, int messages, int clipEvery, double clipSeconds) throws Exception {
        short[] samples = new short[(int) Math.round(clipSeconds * 16_000)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (8000 * Math.sin(2 * Math.PI * (200 + (i % 16_000) / 40.0) * i / 16_000.0));
        }
        byte[] clip = Wav.write(samples, 16_000, 1);
        AtomicLong echoes = new AtomicLong();
        WebSocketClient seeder = new WebSocketClient(uri) {
            @Override
            public void onOpen(ServerHandshake h) {
            }

            @Override
            public void onMessage(String message) {
                if (message.startsWith("{\"type\":\"chat\"")) {
                    echoes.incrementAndGet();
                }
            }

            @Override
            public void onMessage(ByteBuffer bytes) {
                echoes.incrementAndGet();
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
            }

            @Override
            public void onError(Exception ex) {
            }
        };
        seeder.setSocketFactory(tls.getSocketFactory());
        if (!seeder.connectBlocking(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot connect to " + uri);
        }
        seeder.send(ClientCodec.encode(new ClientMessage.Hello(Protocol.VERSION, "seeder", "lobby", null, null, "bench")));
        int clips = 0;
        List<String> words = new ArrayList<>(List.of("build", "green", "lunch", "meeting", "deploy", "coffee", "review"));
        for (int i = 1; i <= messages; i++) {
            if (i % clipEvery == 0) {
                seeder.send(VoiceFrame.encode(ClientCodec.encode(new ClientMessage.Voice("v-" + i)), clip));
                clips++;
            } else {
                seeder.send(ClientCodec.encode(new ClientMessage.Chat("c-" + i, "message " + i + " about the "
                        + words.get(i % words.size()) + ", with a few more words to make it look like chat")));
            }
            if (i % 50 == 0) {
                long sent = i;
                waitUntil(() -> echoes.get() >= sent - 10, 60_000);
            }
        }
        waitUntil(() -> echoes.get() >= messages, 60_000);
        seeder.closeBlocking();
        return clips;
    }

    private static SSLContext pinned(Path relayData) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("relay", RelayIdentity.loadOrGenerate(relayData).certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    private static void headless() {
        System.setProperty("testfx.robot", "glass");
        System.setProperty("testfx.headless", "true");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        System.setProperty("headless.geometry", "1920x1200-32");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    private static void waitUntil(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(5);
        }
    }
}
