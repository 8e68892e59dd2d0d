package dev.parley.client.chat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimeTextTest {
    @ParameterizedTest(name = "{0} ms is {1}")
    @CsvSource({
            "0, 0:00",
            "999, 0:00", // a player shows 0:01 only once a whole second has gone
            "1800, 0:01", // the recording timer at 1.8 s
            "3470, 0:03",
            "3630, 0:03", // rounded down like 3.47 s, not up to 0:04
            "59999, 0:59",
            "60000, 1:00",
            "754321, 12:34",
            "-5, 0:00", // a clock that stepped back
    })
    void durationsAreWholeSecondsRoundedDown(long millis, String shown) {
        assertThat(TimeText.duration(millis)).isEqualTo(shown);
    }
}
