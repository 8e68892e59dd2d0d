package dev.parley.client.connect;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.net.Fingerprints;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.protocol.ServerMessage;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import dev.parley.client.testing.QrDecoding;
import dev.parley.client.testing.WebPages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hosting a relay from the connect screen: it starts, the window says where others join (the app's address, the web
 * client's link and its QR code), others can join.
 */
class HostRelayJourneyTest {
    @TempDir
    Path settings;

    @Test
    void hostAndChatWithSomeoneWhoJoinsTheHostedRelay() throws Exception {
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(settings), s -> new NoVoiceIo("no sound"))) {
            h.robot.clickOn("#hostCheck");
            h.robot.clickOn("#nickField").write("host");
            h.robot.clickOn("#connectButton");
            h.awaitJoined();

            HostedRelay hosted = h.app().connectController().hosted();
            assertThat(hosted).isNotNull();
            assertThat(Files.isDirectory(settings.resolve("relay"))).as("relay data lives in the settings folder").isTrue();
            String info = h.text("#hostedInfo");
            assertThat(info).contains(":" + hosted.port()).contains(hosted.fingerprint());
            assertThat(Fingerprints.normalize(hosted.fingerprint())).isPresent();
            assertThat(h.text("#statusLine")).contains("Connected");
            assertThat(info).contains(hosted.webLink());
            assertThat(hosted.webLink()).isEqualTo("https://" + hosted.lanAddress().host() + ":" + hosted.port() + "/");

            // the QR code for phones: hidden until asked for, then it holds exactly the web client's link
            assertThat(AppHarness.fx(() -> h.node("#hostedQrPane").isVisible())).isFalse();
            h.robot.clickOn("#hostedQrButton");
            await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> h.node("#hostedQrPane").isVisible()));
            Image code = AppHarness.fx(() -> ((ImageView) h.node("#hostedQr")).getImage());
            assertThat(QrDecoding.decode(code)).isEqualTo(hosted.webLink());
            // and the relay the app hosts serves the web client there
            assertThat(WebPages.get(hosted.port(), hosted.certificate(), "/")).startsWith("HTTP/1.1 200 ");

            ProtocolClient guest = ProtocolClient.join(URI.create("wss://127.0.0.1:" + hosted.port() + "/"),
                    hosted.certificate(), "guest", "lobby");
            try {
                h.robot.clickOn("#composer").write("welcome guest").type(javafx.scene.input.KeyCode.ENTER);
                guest.await(ServerMessage.Chat.class, c -> c.text().equals("welcome guest") && c.from().equals("host"));
                guest.chat("g-1", "thanks");
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() ->
                        ((ListView<?>) h.node("#timeline")).getItems().size() == 2));
            } finally {
                guest.close();
            }
        }
    }
}
