package dev.parley.client;

import dev.parley.client.audio.JavaSoundVoiceIo;
import dev.parley.client.audio.VirtualSound;
import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.discovery.JmdnsRelayDiscovery;
import dev.parley.relay.testing.LoopbackMulticast;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.TypingState;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Not a test: a program that walks through every screen and saves a PNG of each into the folder given as first
 * argument. Run under Xvfb for the README (see "Screenshots" there) or headless Monocle.
 */
public final class ScreenshotTour {
    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/screenshots");
        Files.createDirectories(out);
        Path tmp = Files.createTempDirectory("parley-tour");
        try (TestRelay relay = TestRelay.announced(tmp.resolve("relay"), "Workshop relay")) {
            VirtualSound.microphoneHears(VirtualSound.spoken("spoken-hello.wav"));
            LoopbackMulticast.assumeAvailable(); // turns multicast on for loopback: the relay announces there, as on a LAN
            AppHarness app = AppHarness.launch(AppHarness.connectScreen(tmp.resolve("settings")),
                    s -> JavaSoundVoiceIo.following(() -> "", () -> ""),
                    () -> JmdnsRelayDiscovery.on(List.of(LoopbackMulticast.LOOPBACK)));
            Thread.sleep(4500); // let the announcement be found, as it would be on a LAN
            app.robot.clickOn("#relayField").write(relay.address().toString());
            app.robot.clickOn("#nickField").write("alice");
            shoot(app, out.resolve("1-connect.png"));
            AppHarness.onFx(() -> ((javafx.scene.control.Button) app.node("#connectButton")).fire());
            app.awaitNode("#trustFingerprint");
            shootWindowWith(app, "#trustFingerprint", out.resolve("2-trust.png"));
            app.robot.clickOn("Trust");
            app.awaitJoined();
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            ProtocolClient carol = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "carol", "lobby",
                    dev.parley.protocol.Protocol.VERSION_2);
            bob.chat("b1", "Morning! Is the build green?");
            bob.chat("b2", "Three things for today:\n1. release notes (draft at https://example.org/notes)\n2. the printer\n3. coffee");
            app.robot.clickOn("#composer").write("Yes, all green. Sending the notes as a voice message.").type(KeyCode.ENTER);
            app.robot.press(KeyCode.F8);
            Thread.sleep(2600); // the microphone says "Hello from Parley. The build is green."
            app.robot.release(KeyCode.F8);
            bob.voice("bv1", VirtualSound.spoken("spoken-printer.wav"));
            carol.chat("c1", "Thanks, listening now.");
            // the relay announces "idle" when it has stored a message: type only after it arrived
            org.awaitility.Awaitility.await().until(() -> AppHarness.fx(() -> app.app().session().model().timeline().size() == 6));
            resize(app);
            bob.typing(TypingState.TYPING);
            carol.typing(TypingState.RECORDING);
            // carol is talking live: 1.6 s of her words so far on a live card
            byte[] carolSays = dev.parley.client.audio.VirtualSound.spoken("spoken-hello.wav");
            carol.voiceStart("cv-live");
            for (int n = 0; n < 80; n++) {
                carol.voiceChunk("cv-live", n, java.util.Arrays.copyOfRange(carolSays, 44 + n * 640, 44 + (n + 1) * 640));
            }
            app.awaitNode("#liveBadge");
            app.awaitText("#activityLine", "bob");
            Thread.sleep(500);
            shoot(app, out.resolve("3-main.png"));
            carol.voiceEnd("cv-live");
            AppHarness.onFx(() -> ((javafx.scene.control.Button) app.node("#settingsButton")).fire());
            app.awaitNode("#micTestButton");
            shootWindowWith(app, "#micTestButton", out.resolve("4-settings.png"));
            app.robot.type(KeyCode.ESCAPE);
            app.close();
            bob.close();
            carol.close();

            // dark theme, no microphone
            Path darkSettings = tmp.resolve("dark");
            Files.createDirectories(darkSettings);
            Files.writeString(darkSettings.resolve("settings.properties"), "theme=DARK\n");
            AppHarness dark = AppHarness.launch(AppHarness.joining(relay, "dave", relay.fingerprint(), darkSettings),
                    s -> new NoVoiceIo("no sound"));
            dark.awaitJoined();
            resize(dark);
            Thread.sleep(500);
            shoot(dark, out.resolve("5-main-dark-no-microphone.png"));
            dark.close();

            // a relay whose certificate is not the one remembered
            Path changed = tmp.resolve("changed");
            new dev.parley.client.net.KnownHosts(changed).trust(relay.address(),
                    "FC:5E:74:3C:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB");
            AppHarness warned = AppHarness.launch(AppHarness.joining(relay, "erin", null, changed), s -> new NoVoiceIo("x"));
            warned.awaitNode("#trustChangedDialog");
            shootWindowWith(warned, "#trustChangedDialog", out.resolve("7-certificate-changed.png"));
            warned.close();

            Path zhMain = tmp.resolve("zh-main");
            Files.createDirectories(zhMain);
            Files.writeString(zhMain.resolve("settings.properties"), "language=zh-CN\n");
            AppHarness zhJoined = AppHarness.launch(AppHarness.joining(relay, "王芳", relay.fingerprint(), zhMain),
                    s -> new NoVoiceIo("没有声音"));
            zhJoined.awaitJoined();
            resize(zhJoined);
            Thread.sleep(500);
            shoot(zhJoined, out.resolve("8-main-zh.png"));
            zhJoined.close();

            // hosting a relay: the link for phones and browsers, and its QR code
            AppHarness host = AppHarness.launch(AppHarness.connectScreen(tmp.resolve("host")), s -> new NoVoiceIo("x"));
            host.robot.clickOn("#hostCheck");
            host.robot.clickOn("#nickField").write("frank");
            host.robot.clickOn("#connectButton");
            host.awaitJoined();
            host.robot.clickOn("#hostedQrButton");
            host.awaitNode("#hostedQr");
            resize(host);
            Thread.sleep(500);
            shoot(host, out.resolve("9-hosting-qr.png"));
            host.close();

            Path zh = tmp.resolve("zh");
            Files.createDirectories(zh);
            Files.writeString(zh.resolve("settings.properties"), "language=zh-CN\n");
            AppHarness chinese = AppHarness.launch(AppHarness.connectScreen(zh), s -> new NoVoiceIo("x"));
            AppHarness.onFx(() -> ((javafx.scene.control.Button) chinese.node("#connectButton")).fire());
            Thread.sleep(300);
            shoot(chinese, out.resolve("6-connect-zh.png"));
            chinese.close();
        }
        try (var files = Files.walk(tmp)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.exit(0);
    }

    /** {@code -Dtour.size=640x480} shows the main window at that size instead of its default. */
    private static void resize(AppHarness app) throws Exception {
        String size = System.getProperty("tour.size");
        if (size != null) {
            String[] wh = size.split("x");
            AppHarness.onFx(() -> {
                app.stage().setWidth(Double.parseDouble(wh[0]));
                app.stage().setHeight(Double.parseDouble(wh[1]));
            });
            Thread.sleep(300);
        }
    }

    private static void shoot(AppHarness app, Path file) throws Exception {
        Scene scene = AppHarness.fx(() -> app.stage().getScene());
        save(AppHarness.fx(() -> scene.snapshot(null)), file);
    }

    private static void shootWindowWith(AppHarness app, String id, Path file) throws Exception {
        Scene scene = AppHarness.fx(() -> Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().lookup(id) != null)
                .findFirst().orElseThrow().getScene());
        save(AppHarness.fx(() -> scene.snapshot(null)), file);
    }

    private static void save(Image image, Path file) throws Exception {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, r.getArgb(x, y));
            }
        }
        ImageIO.write(out, "png", file.toFile());
    }
}
