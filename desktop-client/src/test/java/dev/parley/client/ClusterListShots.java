package dev.parley.client;

import dev.parley.client.discovery.JmdnsRelayDiscovery;
import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.relay.ClusterOptions;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.server.ParleyRelay;
import dev.parley.relay.testing.LoopbackMulticast;
import dev.parley.relay.testing.NatsServer;
import dev.parley.relay.testing.PostgresServer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Not a test: real relays (two of one cluster, one alone, one more cluster) announced on loopback, the app's list shot. */
public final class ClusterListShots {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path tmp = Files.createTempDirectory("parley-cluster-shots");
        LoopbackMulticast.assumeAvailable();
        try (PostgresServer pg = PostgresServer.start(); NatsServer nats = NatsServer.open()) {
            String db1 = pg.createDatabase("shots_one");
            String db2 = pg.createDatabase("shots_two");
            ParleyRelay a = relay(tmp.resolve("a"), "Warehouse 1", db1, nats, "warehouse");
            ParleyRelay b = relay(tmp.resolve("b"), "Warehouse 2", db1, nats, "warehouse");
            ParleyRelay c = relay(tmp.resolve("c"), "二号楼", db2, nats, "building-2");
            ParleyRelay d = relay(tmp.resolve("d"), "二号楼", db2, nats, "building-2");
            TestRelay lone = TestRelay.announced(tmp.resolve("lone"), "张伟的中继（三楼会议室）");
            ProtocolClient.join(URI.create("wss://127.0.0.1:" + a.port() + "/"), a.certificate(), "alice", "lobby");
            ProtocolClient.join(URI.create("wss://127.0.0.1:" + a.port() + "/"), a.certificate(), "bob", "lobby");
            ProtocolClient.join(URI.create("wss://127.0.0.1:" + b.port() + "/"), b.certificate(), "carol", "lobby");
            for (String[] shot : new String[][] {{"light-en", ""}, {"dark-en", "theme=DARK\n"},
                    {"dark-zh", "theme=DARK\nlanguage=zh-CN\n"}, {"light-zh", "language=zh-CN\n"}}) {
                Path settings = tmp.resolve("settings-" + shot[0]);
                Files.createDirectories(settings);
                Files.writeString(settings.resolve("settings.properties"), shot[1]);
                AppHarness app = AppHarness.launch(AppHarness.connectScreen(settings), s -> new NoVoiceIo("x"),
                        () -> JmdnsRelayDiscovery.on(List.of(LoopbackMulticast.LOOPBACK)));
                Thread.sleep(9000); // let the announcements and people counts be found, as on a LAN
                new ProcessBuilder("import", "-window", "root", out.resolve("list-" + shot[0] + ".png").toString())
                        .inheritIO().start().waitFor();
                app.close();
            }
            lone.close();
            for (ParleyRelay r : List.of(a, b, c, d)) {
                r.close();
            }
        }
        System.exit(0);
    }

    private static ParleyRelay relay(Path dir, String name, String db, NatsServer nats, String cluster)
            throws Exception {
        return ParleyRelay.start(RelayConfig.defaults().withBind("127.0.0.1").withPort(0).withDataDir(dir)
                .withDiscovery(true).withName(name).withDatabase(db)
                .withCluster(ClusterOptions.parse(nats.url(), cluster)));
    }
}
