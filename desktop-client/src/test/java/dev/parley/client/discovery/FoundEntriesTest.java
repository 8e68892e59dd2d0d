package dev.parley.client.discovery;

import dev.parley.client.net.RelayAddress;
import dev.parley.relay.discovery.Announcement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Grouping the relays found into rows: one per cluster, one per relay on its own. */
class FoundEntriesTest {
    private static final String FP = "F2:7D:13:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:C6:9A";
    private static final Announcement.Cluster NORTH = new Announcement.Cluster("1111111111111111", "north");
    private static final Announcement.Cluster SOUTH = new Announcement.Cluster("2222222222222222", "south");

    private static FoundRelay relay(String id, String name, String host, int protocol, int people,
                                    Announcement.Cluster cluster) {
        return new FoundRelay(id, name, new RelayAddress(host, 55555), FP, protocol, people, cluster);
    }

    @Test
    void relaysOfOneClusterAreOneRowAndOthersOneRowEach() {
        List<FoundEntry> rows = FoundEntries.of(List.of(
                relay("n2@10.0.0.1", "north 2", "10.0.0.12", 1, 1, NORTH),
                relay("alone@10.0.0.1", "alone", "10.0.0.5", 1, 0, null),
                relay("n1@10.0.0.1", "north 1", "10.0.0.11", 1, 2, NORTH),
                relay("s1@10.0.0.1", "south", "10.0.0.21", 1, 0, SOUTH),
                relay("other@10.0.0.1", "alone", "10.0.0.6", 1, 0, null)));
        assertThat(rows).extracting(FoundEntry::key).containsExactly("relay:alone@10.0.0.1", "relay:other@10.0.0.1",
                "cluster:1111111111111111", "cluster:2222222222222222");
        FoundEntry north = rows.get(2);
        assertThat(north.cluster()).isTrue();
        assertThat(north.clusterName()).isEqualTo("north");
        assertThat(north.commonName()).as("its relays announce different names").isNull();
        assertThat(north.relays()).extracting(FoundRelay::name).as("in the order found")
                .containsExactly("north 2", "north 1");
        assertThat(north.chosen().name()).isEqualTo("north 2");
        assertThat(north.relayCount()).isEqualTo(2);
        assertThat(north.people()).isEqualTo(3);
        assertThat(north.has(new RelayAddress("10.0.0.11", 55555))).isTrue();
        assertThat(rows.get(3).commonName()).as("a single relay's name is the common one").isEqualTo("south");
        assertThat(rows.get(0).cluster()).isFalse();
        assertThat(rows.get(0).clusterName()).isNull();
    }

    @Test
    void theSameRelaySeenOnTwoInterfacesCountsOnce() {
        FoundEntry row = FoundEntries.of(List.of(
                relay("n1._parley._tcp.local.@10.0.0.1", "n", "10.0.0.11", 1, 2, NORTH),
                relay("n1._parley._tcp.local.@192.168.1.1", "n", "192.168.1.11", 1, 2, NORTH),
                relay("n2._parley._tcp.local.@10.0.0.1", "n", "10.0.0.12", 1, 1, NORTH))).get(0);
        assertThat(row.relays()).hasSize(3);
        assertThat(row.relayCount()).isEqualTo(2);
        assertThat(row.people()).isEqualTo(3);
        assertThat(row.commonName()).isEqualTo("n");
    }

    @Test
    void theRelayChosenIsTheFirstFoundThatThisAppCanSpeakTo() {
        FoundEntry row = FoundEntries.of(List.of(
                relay("new", "n", "10.0.0.11", 9, 0, NORTH),
                relay("ok", "n", "10.0.0.12", 1, 0, NORTH))).get(0);
        assertThat(row.chosen().id()).isEqualTo("ok");
        assertThat(row.compatible()).isTrue();
        FoundEntry none = FoundEntries.of(List.of(relay("new", "n", "10.0.0.11", 9, 0, NORTH))).get(0);
        assertThat(none.compatible()).isFalse();
        assertThat(none.chosen().id()).isEqualTo("new");
    }

    @Test
    void peopleAreUnknownOnlyWhenNoRelayOfTheRowSays() {
        FoundEntry row = FoundEntries.of(List.of(
                relay("a", "n", "10.0.0.11", 1, Announcement.PEOPLE_UNKNOWN, NORTH),
                relay("b", "n", "10.0.0.12", 1, 4, NORTH))).get(0);
        assertThat(row.people()).isEqualTo(4);
        FoundEntry unknown = FoundEntries.of(List.of(
                relay("a", "n", "10.0.0.11", 1, Announcement.PEOPLE_UNKNOWN, null))).get(0);
        assertThat(unknown.peopleKnown()).isFalse();
    }

    @Test
    void nothingFoundIsNoRow() {
        assertThat(FoundEntries.of(List.of())).isEmpty();
    }
}
