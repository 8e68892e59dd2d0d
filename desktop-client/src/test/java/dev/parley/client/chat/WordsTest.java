package dev.parley.client.chat;

import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.CloseCodes;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class WordsTest {
    private final Words words = new Words(new Messages(Locale.ENGLISH));

    private String refused(int code) {
        return words.reason(new ConnectionStatus.Reason(ConnectionStatus.Kind.REFUSED, code, "x"), "alice");
    }

    @Test
    void tooManyWrongPasswordsIsAClearError() {
        assertThat(refused(CloseCodes.TOO_MANY_ATTEMPTS)).contains("too many wrong passwords")
                .contains("try again");
    }

    @Test
    void replacedSaysTheSamePersonJoinedFromElsewhereInBothLanguages() {
        assertThat(refused(CloseCodes.REPLACED)).isEqualTo("you joined this room as “alice” from somewhere else"
                + " (another window or computer), so this one stopped. Join again to continue here.");
        assertThat(new Words(new Messages(Locale.SIMPLIFIED_CHINESE)).reason(new ConnectionStatus.Reason(
                ConnectionStatus.Kind.REFUSED, CloseCodes.REPLACED, "x"), "alice")).contains("alice").contains("别处");
    }

    @Test
    void aLostConnectionReasonNestsNoParentheses() {
        String line = new Messages(Locale.ENGLISH).format("status.reconnectingIn", 5,
                words.reason(new ConnectionStatus.Reason(ConnectionStatus.Kind.LOST, 1006, "Connection refused"), "alice"));
        assertThat(line).isEqualTo("Reconnecting in 5 s — the relay cannot be reached (Connection refused).");
    }

    @Test
    void aReasonOnItsOwnIsASentence() {
        ConnectionStatus.Reason lost = new ConnectionStatus.Reason(ConnectionStatus.Kind.LOST, 1006, "");
        assertThat(words.reason(lost, "alice")).isEqualTo("the relay cannot be reached.");
        assertThat(words.reasonSentence(lost, "alice")).isEqualTo("The relay cannot be reached.");
        assertThat(new Words(new Messages(Locale.SIMPLIFIED_CHINESE)).reasonSentence(lost, "alice"))
                .isEqualTo(new Words(new Messages(Locale.SIMPLIFIED_CHINESE)).reason(lost, "alice"));
    }
}
