package dev.parley.client.chat;

import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.Clips;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.text.Text;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Voice cards with played receipts as alice sees them, in English and Chinese, light and dark, with a long Chinese
 * name among the players: each card says its line, no line is cut off or sticks out of its bubble, and a PNG of the
 * window goes to {@code target/screenshots/receipts-<language>-<theme>.png} for people to look at.
 */
class ReceiptCardsLookJourneyTest {
    /** 16 characters: long for a name, half the longest a relay takes. */
    static final String LONG = "欧阳春晓上海研发中心语音质量组长";
    /** 32 characters: the longest name a relay takes. */
    static final String LONGEST = "司马长风北京分公司产品设计部用户体验研究小组高级研究员第十一号";

    private static ServerMessage.Voice voice(long seq, String from) {
        return new ServerMessage.Voice(seq, "v-" + seq, from, 1_765_090_000_000L + seq * 60_000, 2400, 16000, 1,
                76844, false);
    }

    private long receiptId;

    private void played(ChatWindow w, long seq, String... nicks) {
        for (String nick : nicks) {
            w.events.played(new ServerMessage.Played(seq, nick, 1_765_090_900_000L, ++receiptId, false));
        }
    }

    /** The receipt lines showing, by the seq of their card, top to bottom. */
    private static List<Label> lines(ChatWindow w) {
        return AppHarness.fx(() -> w.robot.lookup(".receipt-line").match(Node::isVisible).queryAllAs(Label.class)
                .stream().filter(l -> l.getScene() != null).sorted((a, b) -> Double.compare(
                        a.localToScene(0, 0).getY(), b.localToScene(0, 0).getY())).toList());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"en, light", "en, dark", "zh-CN, light", "zh-CN, dark"})
    void cardsSayWhoPlayedThemAndNothingIsCut(String language, String theme) throws Exception {
        Locale locale = Locale.forLanguageTag(language);
        boolean dark = theme.equals("dark");
        ChatWindow w = ChatWindow.open(1_765_090_000_000L + 3_600_000, locale, dark,
                new ServerMessage.Welcome(Protocol.VERSION_3, "s", "alice", "lobby",
                        List.of("alice", "bob", "carol", "dave", LONG, "eve", LONGEST), 0, Limits.DEFAULTS, "test",
                        0));
        try {
            byte[] clip = Clips.tone(2400, 330);
            w.events.stored(voice(1, "bob"), clip);
            w.events.stored(voice(2, "alice"), clip);
            w.events.stored(voice(3, LONG), clip);
            w.events.stored(voice(4, "alice"), clip);
            w.events.stored(voice(5, "carol"), clip);
            played(w, 1, "carol", LONG, "dave", "eve", "alice");
            played(w, 2, "bob", LONG);
            played(w, 3, "bob");
            played(w, 4, LONG, "frank"); // frank played it and left
            played(w, 5, LONGEST, LONG);
            await().atMost(AppHarness.WAIT).until(() -> lines(w).size() == 5);
            WaitForAsyncUtils.waitForFxEvents(5); // layout pulses for the cells to take their heights

            List<String> texts = AppHarness.fx(() -> lines(w).stream().map(Label::getText).toList());
            if (language.equals("en")) {
                assertThat(texts).containsExactly("Played by carol, " + LONG + " and 2 more", "Heard by 2 of 6 here",
                        "Played by bob", "Heard by 2 of 7 here", "Played by " + LONGEST + ", " + LONG);
            } else {
                assertThat(texts).containsExactly("carol、" + LONG + " 和另外 2 人 已播放", "这里 6 人中有 2 人已听",
                        "bob 已播放", "这里 7 人中有 2 人已听", LONGEST + "、" + LONG + " 已播放");
            }
            for (Label line : lines(w)) {
                assertThat(AppHarness.fx(() -> drawnInFull(line))).as("%s is drawn in full", line.getText()).isTrue();
                Bounds inBubble = AppHarness.fx(() -> bubbleOf(line).sceneToLocal(line.localToScene(
                        line.getLayoutBounds())));
                Bounds bubble = AppHarness.fx(() -> bubbleOf(line).getLayoutBounds());
                assertThat(inBubble.getMaxX()).as("%s stays within its bubble", line.getText())
                        .isLessThanOrEqualTo(bubble.getMaxX() + 0.5);
                assertThat(inBubble.getMaxY()).isLessThanOrEqualTo(bubble.getMaxY() + 0.5);
            }
            Path out = Path.of("target", "screenshots", "receipts-" + language + "-" + theme + ".png");
            Files.createDirectories(out.getParent());
            Scene scene = AppHarness.fx(() -> w.stage().getScene());
            save(AppHarness.fx(() -> scene.snapshot(null)), out);
        } finally {
            w.close();
        }
    }

    private static Node bubbleOf(Node n) {
        Node p = n.getParent();
        while (p != null && !p.getStyleClass().contains("bubble")) {
            p = p.getParent();
        }
        return p;
    }

    /** The text the label draws (with "…" when cut) is its whole text, wrapped or not. */
    private static boolean drawnInFull(Labeled label) {
        Text drawn = (Text) label.lookup(".text");
        return drawn == null || drawn.getText().equals(label.getText());
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
