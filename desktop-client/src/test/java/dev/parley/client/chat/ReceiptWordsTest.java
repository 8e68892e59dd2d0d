package dev.parley.client.chat;

import dev.parley.client.ui.common.Messages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What a voice card says about its receipts, as "alice" sees it, in English and Chinese. */
class ReceiptWordsTest {
    private static final ReceiptWords EN = new ReceiptWords(new Messages(Locale.ENGLISH));
    private static final ReceiptWords ZH = new ReceiptWords(new Messages(Locale.SIMPLIFIED_CHINESE));

    static Stream<Arguments> someoneElses() {
        return Stream.of(
                // nobody played it yet: nothing
                arguments(List.of(), null, null),
                // only I played it: my own play shows as the card's played state
                arguments(List.of("Alice"), null, null),
                // others, in the order the relay stored their receipts, me left out
                arguments(List.of("carol", "alice", "bob"), "Played by carol, bob", "Played by carol, bob"),
                // three names are written out
                arguments(List.of("bob", "carol", "dave"), "Played by bob, carol, dave", "Played by bob, carol, dave"),
                // past three: two names and how many more; every name in the full text
                arguments(List.of("bob", "carol", "dave", "eve", "fay"), "Played by bob, carol and 3 more",
                        "Played by bob, carol, dave, eve, fay"));
    }

    @ParameterizedTest
    @MethodSource("someoneElses")
    void onSomeoneElsesMessage(List<String> players, String text, String full) {
        ReceiptWords.Line line = EN.line(false, players, List.of("alice", "bob", "carol"), "alice");
        if (text == null) {
            assertThat(line).isNull();
        } else {
            assertThat(line).isEqualTo(new ReceiptWords.Line(text, full));
        }
    }

    static Stream<Arguments> myOwn() {
        return Stream.of(
                // alone in the room, nobody played it: nothing to say
                arguments(List.of(), List.of("alice"), null, null),
                // two others here, none played it yet
                arguments(List.of(), List.of("alice", "bob", "carol"), "Heard by 0 of 2 here", "Heard by 0 of 2 here"),
                // one of them played it (in another case than the member list): still two people
                arguments(List.of("BOB"), List.of("alice", "bob", "carol"), "Heard by 1 of 2 here",
                        "Heard by 1 of 2 here: BOB"),
                // dave played it and left: he still counts
                arguments(List.of("dave", "bob"), List.of("alice", "bob", "carol"), "Heard by 2 of 3 here",
                        "Heard by 2 of 3 here: dave, bob"),
                // everybody left after playing it
                arguments(List.of("bob"), List.of("alice"), "Heard by 1 of 1 here", "Heard by 1 of 1 here: bob"),
                // my own receipt (another app of mine? the relay refuses it; a stray one) does not count me
                arguments(List.of("alice"), List.of("alice", "bob"), "Heard by 0 of 1 here", "Heard by 0 of 1 here"));
    }

    @ParameterizedTest
    @MethodSource("myOwn")
    void onMyOwnMessage(List<String> players, List<String> members, String text, String full) {
        ReceiptWords.Line line = EN.line(true, players, members, "alice");
        if (text == null) {
            assertThat(line).isNull();
        } else {
            assertThat(line).isEqualTo(new ReceiptWords.Line(text, full));
        }
    }

    @Test
    void inChinese() {
        assertThat(ZH.line(false, List.of("bob", "王小明", "dave", "eve"), List.of(), "alice"))
                .isEqualTo(new ReceiptWords.Line("bob、王小明 和另外 2 人 已播放", "bob、王小明、dave、eve 已播放"));
        assertThat(ZH.line(true, List.of("王小明"), List.of("alice", "bob", "王小明"), "alice"))
                .isEqualTo(new ReceiptWords.Line("这里 2 人中有 1 人已听", "这里 2 人中有 1 人已听：王小明"));
    }

    @Test
    void nicksAreTextNotPatterns() {
        // a nick is an argument of the sentence, never part of its pattern: braces and quotes come out as they are
        assertThat(EN.line(false, List.of("{0}", "it's"), List.of(), "alice").text())
                .isEqualTo("Played by {0}, it's");
    }
}
