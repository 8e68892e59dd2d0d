package dev.parley.relay.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnouncementTest {
    private static final String FP = "F2:7D:13:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:C6:9A";

    private static Optional<Announcement> read(Map<String, String> txt) {
        return Announcement.fromTxt(txt::get, "instance");
    }

    @Test
    void roundTripsThroughTheTxtRecord() {
        Announcement a = new Announcement("Zoë’s relay 中文", 1, FP, 3);
        assertThat(a.txt()).containsExactly(Map.entry("protocol", "1"), Map.entry("name", "Zoë’s relay 中文"),
                Map.entry("sha256", FP), Map.entry("people", "3"));
        assertThat(read(a.txt())).contains(a);
        assertThat(a.txt()).allSatisfy((k, v) -> assertThat((k + "=" + v).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(255));
    }

    @Test
    void anUnknownPeopleCountIsLeftOut() {
        Announcement a = new Announcement("r", 1, FP, Announcement.PEOPLE_UNKNOWN);
        assertThat(a.txt()).doesNotContainKey("people");
        assertThat(read(a.txt()).orElseThrow().people()).isEqualTo(Announcement.PEOPLE_UNKNOWN);
    }

    @Test
    void aLongNameIsCutToFitATxtStringOnACodePointBoundary() {
        Announcement a = new Announcement("中".repeat(100), 1, FP, 0);
        assertThat(a.name().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(240);
        assertThat(a.name()).matches("中+");
        assertThat(("name=" + a.name()).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    }

    @Test
    void theRelayCannotAnnounceWithoutANameOrAFingerprint() {
        assertThatThrownBy(() -> new Announcement(" \u0001 ", 1, FP, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Announcement("r", 1, "AB:CD", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRelayOfAClusterAnnouncesTheClustersShortIdAndName() {
        Announcement.Cluster cluster = Announcement.Cluster.of("3f2a9c1e0b7d4e58a6c2f1d09e8b7a65", "site-b");
        Announcement a = new Announcement("relay 1", 3, FP, 0, cluster);
        assertThat(a.txt()).containsEntry("cluster", "3f2a9c1e0b7d4e58").containsEntry("clname", "site-b");
        assertThat(read(a.txt())).contains(a);
        assertThat(a.withPeople(4).cluster()).isEqualTo(cluster);
        assertThat(new Announcement("relay 1", 3, FP, 0).txt()).doesNotContainKeys("cluster", "clname");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // what | cluster | clname | read as a cluster | id read
            "a relay's pair          | 3f2a9c1e0b7d4e58  | parley  | true  | 3f2a9c1e0b7d4e58",
            "upper-case id, spaces   | ' 3F2A9C1E0B7D4E58 ' | parley | true | 3f2a9c1e0b7d4e58",
            "no name                 | 3f2a9c1e0b7d4e58  | null    | false | null",
            "no id                   | null              | parley  | false | null",
            "id too short            | 3f2a9c1e          | parley  | false | null",
            "id not hex              | 3f2a9c1e0b7d4e5z  | parley  | false | null",
            "name with a space       | 3f2a9c1e0b7d4e58  | 'a b'   | false | null",
            "name too long           | 3f2a9c1e0b7d4e58  | nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn | false | null",
    })
    void aMalformedClusterMakesARelayOnItsOwnNotARefusedRecord(String what, String id, String name, boolean cluster,
                                                               String idRead) {
        Map<String, String> txt = new HashMap<>(new Announcement("studio", 1, FP, 2).txt());
        txt.put("cluster", id);
        txt.put("clname", name);
        Announcement read = read(txt).orElseThrow();
        assertThat(read.cluster() != null).as(what).isEqualTo(cluster);
        if (cluster) {
            assertThat(read.cluster().id()).isEqualTo(idRead);
            assertThat(read.cluster().name()).isEqualTo(name.strip());
        }
    }

    @Test
    void aClusterNeedsAnIdentityOfAtLeastSixteenHexDigits() {
        assertThatThrownBy(() -> Announcement.Cluster.of("3f2a9c", "parley"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Announcement.Cluster.of("3F2A9C1E-0B7D-4E58-A6C2-F1D09E8B7A65", "parley").id())
                .isEqualTo("3f2a9c1e0b7d4e58");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            // what | protocol | fingerprint | name | people | accepted | name read | people read
            "a relay's record         | 1    | " + FP + " | studio | 2    | true  | studio   | 2",
            "lower-case fingerprint   | 1    | f2:7d:13:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:c6:9a | studio | 2 | true | studio | 2",
            "a later protocol         | 7    | " + FP + " | studio | 0    | true  | studio   | 0",
            "no name: the instance    | 1    | " + FP + " | null   | null | true  | instance | -1",
            "control characters       | 1    | " + FP + " | '\u0007' | 1  | true  | instance | 1",
            "people not a number      | 1    | " + FP + " | studio | many | true  | studio   | -1",
            "people negative          | 1    | " + FP + " | studio | -4   | true  | studio   | -1",
            "people huge              | 1    | " + FP + " | studio | 99999999999 | true | studio | -1",
            "no protocol              | null | " + FP + " | studio | 1    | false | null     | 0",
            "protocol zero            | 0    | " + FP + " | studio | 1    | false | null     | 0",
            "protocol not a number    | one  | " + FP + " | studio | 1    | false | null     | 0",
            "no fingerprint           | 1    | null       | studio | 1    | false | null     | 0",
            "short fingerprint        | 1    | F2:7D:13   | studio | 1    | false | null     | 0",
            "fingerprint not hex      | 1    | ZZ:7D:13:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:C6:9A | studio | 1 | false | null | 0",
            "fingerprint without ':'  | 1    | F27D1300112233445566778899AABBCCDDEEFF00112233445566778899AAC69A | studio | 1 | false | null | 0",
    })
    void readsOnlyWhatARelayWouldWrite(String what, String protocol, String fingerprint, String name, String people,
                                       boolean accepted, String nameRead, int peopleRead) {
        Map<String, String> txt = new HashMap<>();
        txt.put("protocol", protocol);
        txt.put("sha256", fingerprint);
        txt.put("name", name);
        txt.put("people", people);
        Optional<Announcement> read = read(txt);
        assertThat(read.isPresent()).as(what).isEqualTo(accepted);
        read.ifPresent(a -> {
            assertThat(a.name()).isEqualTo(nameRead);
            assertThat(a.people()).isEqualTo(peopleRead);
            assertThat(a.fingerprint()).isEqualTo(FP);
        });
    }
}
