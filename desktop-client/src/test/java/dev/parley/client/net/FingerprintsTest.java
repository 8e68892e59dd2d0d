package dev.parley.client.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsTest {
    static final String CANONICAL = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    @ParameterizedTest
    @ValueSource(strings = {
            CANONICAL,
            "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF",      // no colons, mixed case
            " 00:11:22:33:44:55:66:77 88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF "})
    void normalizesTypedForms(String typed) {
        assertThat(Fingerprints.normalize(typed)).contains(CANONICAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "00:11", "zz112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF",
            "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF00"})
    void refusesOtherText(String typed) {
        assertThat(Fingerprints.normalize(typed)).isEmpty();
    }

    @Test
    void showsTheRelaysFormatOnTwoLines() {
        String grouped = Fingerprints.grouped(CANONICAL);
        assertThat(grouped.split("\n")).hasSize(2);
        assertThat(grouped.split("\n")[0]).endsWith(":").hasSize(16 * 3);
        assertThat(grouped.replace("\n", "")).as("the relay's format, unchanged").isEqualTo(CANONICAL);
    }
}
