package dev.parley.relay.web.browser;

import dev.parley.protocol.RelayAddress;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.core.RelayDirectory;
import dev.parley.relay.testing.ClusterServers;
import dev.parley.relay.testing.ReceivedChunk;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone's page fails over: two relays of one cluster (a real PostgreSQL and nats-server, each relay advertised with
 * its own certificate, served to a headless Chromium that trusts both), a page opened from relay A, and A goes away.
 * The page moves to relay B by itself, with nothing lost and nothing twice: what someone said meanwhile arrives, what
 * it typed meanwhile is stored once, its status line names B, and it can still talk and hear live voice (its audio
 * worklets came from A before A went).
 */
class ClusterFailoverBrowserTest {
    /** 20 ms of voice at the speech signal's rate. */
    private static final int CHUNK_SAMPLES = SpeechLikeSignal.SAMPLE_RATE / 50;
    @RegisterExtension
    static final ClusterServers servers = new ClusterServers();

    @TempDir
    Path dir;
    private final List<TestRelay> relays = new ArrayList<>();
    private Browser browser;
    private final List<Browser> phones = new ArrayList<>();

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        phones.forEach(Browser::close);
        relays.forEach(TestRelay::close);
    }

    /** A port the OS has just given out and taken back: the relay advertises it before it listens on it. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private TestRelay relay(String name, ClusterServers.Cluster cluster) throws IOException {
        int port = freePort();
        TestRelay r = TestRelay.start(dir.resolve(name), c -> c.withPort(port).withDatabase(cluster.databaseUrl())
                        .withCluster(cluster.bus()),
                fingerprint -> RelayDirectory.single(new RelayAddress("wss://127.0.0.1:" + port + "/", fingerprint)));
        relays.add(r);
        return r;
    }

    /** Waits until {@code r}'s welcome lists {@code n} relays (the other relay's first heartbeat came). */
    private static void awaitListed(TestRelay r, int n) {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; ; i++) {
            TestClient probe = r.connect("probe-" + i);
            List<RelayAddress> listed = probe.join("probe" + r.port() + "-" + i, "probes").relays();
            probe.dispose();
            if (listed != null && listed.size() == n) {
                return;
            }
            assertThat(System.nanoTime()).as("relays listed: " + listed).isLessThan(until);
        }
    }

    private String statusText() {
        return browser.js("return document.getElementById('status').textContent");
    }

    /** Two relays of a new cluster, each listing both. */
    private TestRelay[] cluster() throws IOException {
        ClusterServers.Cluster cluster = servers.newCluster("web");
        TestRelay a = relay("a", cluster);
        TestRelay b = relay("b", cluster);
        awaitListed(a, 2);
        awaitListed(b, 2);
        return new TestRelay[] {a, b};
    }

    @Test
    void thePageMovesToAnotherRelayWhenItsOwnGoesAndLosesNothing() throws IOException {
        TestRelay[] relays = cluster();
        TestRelay a = relays[0];
        TestRelay b = relays[1];

        Inbox bob = new Inbox(b.connect("bob"));
        bob.client().joinLive("bob", "lobby");
        Path voice = SpeechLikeSignal.writeWav(dir.resolve("voice.wav"), SpeechLikeSignal.samples(6, 1));
        browser = Browser.start(BrowserOptions.desktop(voice));
        ParleyPage alice = new ParleyPage(browser, URI.create("https://127.0.0.1:" + a.port() + "/")).open()
                .join("alice", "lobby");
        assertThat(statusText()).isEqualTo("Connected as alice");
        WebElement autoplay = browser.find("#autoplay");
        if (!autoplay.isSelected()) {
            alice.click(autoplay);
        }
        alice.recordVoiceCards();
        alice.sendWithEnter("before A went");
        ServerMessage.Chat before = bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice"));
        alice.awaitMessage("stored on A", m -> m.seq() != null && m.seq() == before.seq() && !m.pending());

        long wentAt = System.nanoTime();
        a.close();
        bob.client().chat("b-1", "said while alice moved");
        alice.sendWithEnter("typed while moving");
        alice.awaitStatus("joined", Duration.ofSeconds(30));
        browser.await("the status line names relay B", Duration.ofSeconds(10),
                x -> statusText().startsWith("Connected to 127.0.0.1:" + b.port() + " as alice")
                        && statusText().contains("127.0.0.1:" + a.port() + " cannot be reached"));
        System.out.printf("the page joined relay B %d ms after relay A stopped%n", (System.nanoTime() - wentAt) / 1_000_000);

        alice.awaitMessage("bob's message from the outage", m -> "b-1".equals(m.id()) && m.seq() != null);
        ServerMessage.Chat moved = bob.await(ServerMessage.Chat.class,
                c -> c.from().equals("alice") && c.text().equals("typed while moving"), Duration.ofSeconds(20));
        alice.awaitMessage("its message stored", m -> m.seq() != null && m.seq() == moved.seq() && !m.pending());

        alice.pressTalkWithMouse();
        ServerMessage.VoiceStart start = bob.await(ServerMessage.VoiceStart.class, s -> s.from().equals("alice"),
                Duration.ofSeconds(20));
        int[] heard = {0};
        bob.await(ReceivedChunk.class, c -> c.header().id().equals(start.id()) && ++heard[0] >= 25);
        alice.releaseTalkWithMouse();
        bob.await(ReceivedVoice.class, v -> v.header().id().equals(start.id()),
                Duration.ofSeconds(20));

        // bob speaks live: alice's page plays it as it comes, through a worklet it loaded from A before A went
        short[] speech = SpeechLikeSignal.samples(1.6, 3);
        int chunks = speech.length / CHUNK_SAMPLES;
        bob.client().voiceStart("live-b", SpeechLikeSignal.SAMPLE_RATE, 1);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        try {
            pace.scheduleAtFixedRate(() -> {
                int n = next.getAndIncrement();
                if (n < chunks) {
                    bob.client().voiceChunk("live-b", n, SpeechLikeSignal.pcmBytes(speech, n * CHUNK_SAMPLES, CHUNK_SAMPLES));
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            browser.await("bob's live stream playing on alice's page", Duration.ofSeconds(10),
                    x -> alice.cardHistory("bob", "live-b").stream().anyMatch(c -> c.live() && "playing".equals(c.state())));
            browser.await("bob's stream sent", Duration.ofSeconds(10), x -> next.get() >= chunks);
        } finally {
            pace.shutdownNow();
        }
        bob.client().voiceEnd("live-b");
        ReceivedVoice stored = bob.await(ReceivedVoice.class, v -> v.header().id().equals("live-b"));
        alice.awaitMessage("bob's stream heard to its end live: its stored card marked played", Duration.ofSeconds(10),
                m -> "live-b".equals(m.id()) && m.seq() != null && m.seq() == stored.seq() && !m.live() && !m.unplayed());

        bob.collectFor(Duration.ofSeconds(2));
        assertThat(bob.taken(ServerMessage.Chat.class)).filteredOn(c -> c.from().equals("alice"))
                .extracting(ServerMessage.Chat::text).as("each stored once").containsExactly("before A went",
                        "typed while moving");
        List<ParleyPage.Message> shown = alice.messages();
        assertThat(shown).filteredOn(m -> m.seq() != null).extracting(ParleyPage.Message::seq)
                .as("nothing shown twice").doesNotHaveDuplicates();
        assertThat(shown).filteredOn(m -> "b-1".equals(m.id())).hasSize(1);
        assertThat(browser.log()).as("no CSP violation, no uncaught error (failed connections to A are expected)")
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("violates")
                        || line.startsWith("uncaught"));
    }

    @Test
    void onAPhoneInChineseTheStatusLineNamesTheOtherRelayAndFitsTheScreen() throws IOException {
        TestRelay[] relays = cluster();
        Path voice = SpeechLikeSignal.writeWav(dir.resolve("voice.wav"), SpeechLikeSignal.samples(2, 1));
        Map<String, ParleyPage> pages = new LinkedHashMap<>();
        for (String theme : List.of("dark", "light")) {
            Browser phone = Browser.start(BrowserOptions.desktop(voice).inLanguage("zh-CN").onPhone());
            phones.add(phone);
            phone.cdp("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", theme))));
            ParleyPage page = new ParleyPage(phone, URI.create("https://127.0.0.1:" + relays[0].port() + "/")).open()
                    .join("小明" + theme, "lobby");
            page.sendWithButton("第一条消息：在中继 A 上，" + theme);
            pages.put(theme, page);
        }
        relays[0].close();
        for (Map.Entry<String, ParleyPage> e : pages.entrySet()) {
            String theme = e.getKey();
            ParleyPage page = e.getValue();
            page.awaitStatus("joined", Duration.ofSeconds(30));
            String expected = "已连接 127.0.0.1:" + relays[1].port() + "，身份 小明" + theme + "（同一集群的另一个中继：127.0.0.1:"
                    + relays[0].port() + " 无法连接）";
            page.browser().await("the status line names relay B", Duration.ofSeconds(10),
                    b -> expected.equals(b.js("return document.getElementById('status').textContent")));
            assertThat(page.browser().<String>js("return document.getElementById('status').title"))
                    .as("all of it in the title").isEqualTo(expected);
            page.sendWithButton("第二条消息：已转到中继 B，" + theme);
            page.awaitMessage("stored on B", m -> ("第二条消息：已转到中继 B，" + theme).equals(m.text()) && !m.pending());
            LayoutBrowserTest.checkLayout(page.browser(), "phone " + theme + " zh-CN, failed over");
            LayoutBrowserTest.screenshot(page.browser(), "failover-phone-" + theme + "-zh-CN");
        }
    }
}
