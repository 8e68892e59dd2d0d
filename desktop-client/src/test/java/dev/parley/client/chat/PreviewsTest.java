package dev.parley.client.chat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hello|hello",                               // short: as is
            "one\\ntwo|one\\ntwo",                       // two lines fit
            "one\\ntwo\\nthree|one\\ntwo…",              // a third line is cut
            "one\\n\\n  \\ntwo|one\\ntwo",               // blank lines skipped
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|aaaaaaaaaaaaaaaaaaaa…", // over 20 characters
            "'  spaced    out  '|spaced out",            // runs of spaces collapse
            "''|''",                                     // empty
    })
    void cutsToTwoLinesAndTwentyCharacters(String text, String preview) {
        assertThat(Previews.of(text.replace("\\n", "\n"), 2, 20)).isEqualTo(preview.replace("\\n", "\n"));
    }
}
