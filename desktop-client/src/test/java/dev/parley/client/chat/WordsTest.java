package dev.parley.client.chat;

import dev.parley.client.net.ClientCloseCodes;
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
    void tooManyWrongPasswordsIsAClearErrorThatIsNotRetried() {
        assertThat(refused(ClientCloseCodes.TOO_MANY_PASSWORD_ATTEMPTS)).contains("too many wrong passwords")
                .contains("try again");
        assertThat(ClientCloseCodes.isFatal(ClientCloseCodes.TOO_MANY_PASSWORD_ATTEMPTS)).isTrue();
        assertThat(ClientCloseCodes.isFatal(CloseCodes.WRONG_PASSWORD)).isTrue();
        assertThat(ClientCloseCodes.isFatal(CloseCodes.GOING_AWAY)).isFalse();
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
