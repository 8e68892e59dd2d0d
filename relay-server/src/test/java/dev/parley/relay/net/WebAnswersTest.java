package dev.parley.relay.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The small parsers behind the web answers, and what a client's words look like in the relay's log. */
class WebAnswersTest {
    @ParameterizedTest(name = "Accept-Encoding: {0} -> gzip {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip|true",
            "GZIP|true",
            "deflate, gzip;q=0.8, br|true",
            "gzip;q=1.0|true",
            "gzip; q=.5|true",
            "gzip;q=0|false",
            "gzip;Q=0|false",          // parameter names are case-insensitive
            "gzip;q=0.000|false",
            "gzip;q=abc|false",        // not a weight: not a yes
            "br, deflate|false",
            "identity|false",
            "''|false"})
    void gzipOnlyWhenTheClientSaysYes(String header, boolean gzip) {
        assertThat(WebAnswers.acceptsGzip(List.of(header))).isEqualTo(gzip);
    }

    @ParameterizedTest(name = "If-None-Match: {0}")
    @CsvSource(delimiter = '|', value = {
            "\"abc\"|true",
            "W/\"abc\"|true",
            "\"x\", \"abc\"|true",
            "*|true",
            "\"abcd\"|false",
            "''|false"})
    void aCurrentCopyIsRecognised(String header, boolean current) {
        assertThat(WebAnswers.matches(header, "\"abc\"")).isEqualTo(current);
    }

    @Test
    void whatAClientSentIsLoggedWithoutControls() {
        assertThat(UpgradeGate.printable("/index.html")).isEqualTo("/index.html");
        assertThat(UpgradeGate.printable("/\u001b[31mRED\u001b[0m\u0007")).isEqualTo("/\\x1B[31mRED\\x1B[0m\\x07");
        assertThat(UpgradeGate.printable("/\u00c3\u00a9")).isEqualTo("/\\xC3\\xA9");
        assertThat(UpgradeGate.printable("/\u4e2d")).isEqualTo("/\\u4E2D");
        assertThat(UpgradeGate.printable("/a\r\nb\u0000")).isEqualTo("/a\\x0D\\x0Ab\\x00");
        assertThat(UpgradeGate.printable("x".repeat(500))).hasSize(201).endsWith("…");
    }
}
