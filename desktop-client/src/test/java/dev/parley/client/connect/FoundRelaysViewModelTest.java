package dev.parley.client.connect;

import dev.parley.client.discovery.FoundEntry;
import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.testing.FakeDiscovery;
import dev.parley.client.ui.common.Messages;
import dev.parley.relay.discovery.Announcement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** The list of relays found on the network, with a fake discovery and the UI thread as a queue the test runs. */
class FoundRelaysViewModelTest {
    private static final String FP = "F2:7D:13:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:C6:9A";

    private final Messages messages = new Messages(Locale.ENGLISH);
    private final FakeDiscovery discovery = new FakeDiscovery();
    private final List<Runnable> uiQueue = new ArrayList<>();
    private final FoundRelaysViewModel found = new FoundRelaysViewModel(discovery, uiQueue::add, messages);
    private final ConnectViewModel vm = new ConnectViewModel(messages, found);

    private static FoundRelay relay(String id, String name, String host, int people) {
        return new FoundRelay(id, name, new RelayAddress(host, 55555), FP, 1, people);
    }

    private static final Announcement.Cluster SITE = new Announcement.Cluster("3f2a9c1e0b7d4e58", "site-b");

    private static FoundRelay member(String id, String name, String host, int people) {
        return new FoundRelay(id, name, new RelayAddress(host, 55555), FP, 1, people, SITE);
    }

    private void runUi() {
        List<Runnable> now = new ArrayList<>(uiQueue);
        uiQueue.clear();
        now.forEach(Runnable::run);
    }

    private List<String> names() {
        return found.entries().stream().map(found::title).toList();
    }

    @Test
    void listsWhatIsFoundSortedByNameOnlyOnceHandedToTheUiThread() {
        found.start();
        assertThat(found.hintProperty().get()).isEqualTo("Looking for relays on this network…");
        discovery.found(relay("b", "studio", "10.0.0.9", 2));
        discovery.found(relay("a", "Attic", "10.0.0.5", 0));
        assertThat(found.entries()).as("nothing changes off the UI thread").isEmpty();
        runUi();
        assertThat(names()).containsExactly("Attic", "studio");
        assertThat(found.detail(found.entries().get(0))).isEqualTo("wss://10.0.0.5:55555 · nobody online");
        assertThat(found.detail(found.entries().get(1))).isEqualTo("wss://10.0.0.9:55555 · 2 people online");
    }

    @Test
    void pickingOneFillsInItsAddressAndLeavesHosting() {
        found.start();
        discovery.found(relay("a", "Attic", "10.0.0.5", 1));
        runUi();
        vm.hostProperty().set(true);
        vm.choose(found.entries().get(0));
        assertThat(vm.relayProperty().get()).isEqualTo("wss://10.0.0.5:55555");
        assertThat(vm.hostProperty().get()).isFalse();
        assertThat(vm.announced()).contains(found.entries().get(0).chosen());
        vm.nickProperty().set("alice");
        assertThat(vm.validate()).isTrue();
        assertThat(vm.address()).isEqualTo(new RelayAddress("10.0.0.5", 55555));
    }

    @Test
    void aTypedAddressIsMatchedWithTheRelayFoundThereHoweverItIsWritten() {
        found.start();
        discovery.found(relay("a", "Attic", "10.0.0.5", 1));
        runUi();
        vm.relayProperty().set("10.0.0.5");
        assertThat(vm.announced()).map(FoundRelay::name).contains("Attic");
        vm.relayProperty().set("10.0.0.5:4000");
        assertThat(vm.announced()).isEmpty();
    }

    @Test
    void followsRelaysAsTheyComeChangeAndGo() {
        found.start();
        discovery.found(relay("a", "Attic", "10.0.0.5", 1));
        discovery.found(relay("b", "Basement", "10.0.0.6", 1));
        runUi();
        discovery.found(relay("a", "Attic", "10.0.0.5", 4));
        runUi();
        assertThat(names()).containsExactly("Attic", "Basement");
        assertThat(found.entries().get(0).people()).isEqualTo(4);
        discovery.found(relay("a", "Zoo", "10.0.0.5", 4)); // renamed: moves to its place
        runUi();
        assertThat(names()).containsExactly("Basement", "Zoo");
        discovery.lost("b");
        discovery.lost("unknown");
        runUi();
        assertThat(names()).containsExactly("Zoo");
        discovery.lost("a");
        runUi();
        assertThat(found.entries()).isEmpty();
        assertThat(found.hintProperty().get()).as("empty again: still looking").contains("Looking for relays");
    }

    @Test
    void aRelayOfAnotherProtocolVersionSaysSo() {
        found.start();
        discovery.found(new FoundRelay("x", "Future", new RelayAddress("10.0.0.7", 55555), FP, 2, 1));
        runUi();
        assertThat(found.detail(found.entries().get(0))).isEqualTo("wss://10.0.0.7:55555 · 1 person online · needs another version of Parley");
    }

    @Test
    void discoveryUnavailableIsAQuietHintAndTypingAnAddressStillWorks() {
        found.start();
        discovery.unavailable(RelayDiscovery.Unavailable.FAILED);
        runUi();
        assertThat(found.hintProperty().get()).contains("cannot be listed").contains("Type the relay’s address");
        vm.relayProperty().set("192.168.1.20");
        vm.nickProperty().set("alice");
        assertThat(vm.validate()).isTrue();
        assertThat(vm.problemProperty().get()).isEmpty();
        assertThat(vm.announced()).isEmpty();
    }

    @Test
    void turnedOffSaysSo() {
        FoundRelaysViewModel off = new FoundRelaysViewModel(RelayDiscovery.off(), Runnable::run, messages);
        off.start();
        assertThat(off.hintProperty().get()).contains("turned off");
    }

    @Test
    void stoppingClosesTheDiscoveryAndIgnoresLateEvents() {
        found.start();
        discovery.found(relay("a", "Attic", "10.0.0.5", 1));
        found.stop();
        runUi();
        assertThat(discovery.closed()).isTrue();
        assertThat(found.entries()).isEmpty();
    }

    @Test
    void chineseTextsToo() {
        Messages zh = new Messages(Locale.SIMPLIFIED_CHINESE);
        FoundRelaysViewModel list = new FoundRelaysViewModel(discovery, Runnable::run, zh);
        list.start();
        discovery.found(relay("a", "阁楼", "10.0.0.5", 3));
        assertThat(list.hintProperty().get()).isEqualTo("正在查找本网络中的中继…");
        assertThat(list.detail(list.entries().get(0))).isEqualTo("wss://10.0.0.5:55555 · 3 人在线");
    }

    @Test
    void afterAFewSecondsWithNothingFoundItSaysSo() {
        List<Runnable> later = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        FoundRelaysViewModel list = new FoundRelaysViewModel(discovery, uiQueue::add, messages, (delay, action) -> {
            delays.add(delay);
            later.add(action);
        });
        list.start();
        assertThat(delays).containsExactly(FoundRelaysViewModel.NONE_FOUND_AFTER_MILLIS);
        later.get(0).run();
        assertThat(list.hintProperty().get()).isEqualTo(
                "No relays found yet — type an address above, or host a relay on this computer.");
    }

    @Test
    void somethingFoundOrDiscoveryUnavailableKeepsItsOwnWords() {
        List<Runnable> later = new ArrayList<>();
        FoundRelaysViewModel list = new FoundRelaysViewModel(discovery, uiQueue::add, messages, (d, a) -> later.add(a));
        list.start();
        discovery.unavailable(RelayDiscovery.Unavailable.FAILED);
        runUi();
        later.get(0).run();
        assertThat(list.hintProperty().get()).contains("cannot be listed");
    }

    @Test
    void theRelaysOfAClusterAreOneRowNamedByTheClusterThatConnectsToTheRelayFoundFirst() {
        found.start();
        discovery.found(member("r2", "relay 2", "10.0.0.12", 3));
        discovery.found(relay("a", "Attic", "10.0.0.5", 0));
        discovery.found(member("r1", "relay 1", "10.0.0.11", 2));
        runUi();
        assertThat(names()).containsExactly("Attic", "Cluster site-b");
        FoundEntry cluster = found.entries().get(1);
        assertThat(found.detail(cluster)).isEqualTo("2 relays in a cluster · 5 people online");
        vm.choose(cluster);
        assertThat(vm.relayProperty().get()).as("the relay found first").isEqualTo("wss://10.0.0.12:55555");
        // the trust question compares with that relay's own announced certificate, as for a relay on its own
        assertThat(vm.announced()).map(FoundRelay::name).contains("relay 2");

        discovery.lost("r2");
        runUi();
        assertThat(found.detail(found.entries().get(1))).isEqualTo("1 relay in a cluster · 2 people online");
        vm.choose(found.entries().get(1));
        assertThat(vm.relayProperty().get()).isEqualTo("wss://10.0.0.11:55555");
        discovery.lost("r1");
        runUi();
        assertThat(names()).containsExactly("Attic");
    }

    @Test
    void aClusterWhoseRelaysShareANameIsListedByItAndAPeopleCountChangesItInPlace() {
        found.start();
        discovery.found(member("r1", "Warehouse", "10.0.0.11", 1));
        discovery.found(member("r2", "Warehouse", "10.0.0.12", 1));
        discovery.found(relay("z", "Zoo", "10.0.0.5", 0));
        runUi();
        assertThat(names()).containsExactly("Warehouse", "Zoo");
        FoundEntry before = found.entries().get(0);
        List<FoundEntry> replaced = new ArrayList<>();
        found.entries().addListener((javafx.collections.ListChangeListener<FoundEntry>) c -> {
            while (c.next()) {
                replaced.addAll(c.getAddedSubList());
            }
        });
        discovery.found(member("r2", "Warehouse", "10.0.0.12", 6));
        runUi();
        assertThat(found.entries().get(0).key()).isEqualTo(before.key());
        assertThat(found.entries().get(0).people()).isEqualTo(7);
        assertThat(replaced).extracting(FoundEntry::key).containsExactly(before.key());
    }

    @Test
    void theOtherRelaysOfAClusterAreTheOnesToTryWhenTheChosenOneDoesNotAnswer() {
        found.start();
        discovery.found(member("r1", "relay 1", "10.0.0.11", 0));
        discovery.found(new FoundRelay("r2", "relay 2", new RelayAddress("10.0.0.12", 55555), FP, 9, 0, SITE));
        discovery.found(member("r3", "relay 3", "10.0.0.13", 0));
        discovery.found(member("r1-other-interface", "relay 1", "10.0.0.11", 0));
        discovery.found(relay("a", "Attic", "10.0.0.5", 0));
        runUi();
        assertThat(found.othersInCluster(new RelayAddress("10.0.0.11", 55555))).as("speaking our protocol, once each")
                .extracting(FoundRelay::id).containsExactly("r3");
        assertThat(found.othersInCluster(new RelayAddress("10.0.0.13", 55555))).extracting(FoundRelay::id)
                .containsExactly("r1");
        assertThat(found.othersInCluster(new RelayAddress("10.0.0.5", 55555))).as("a relay on its own").isEmpty();
        assertThat(found.othersInCluster(new RelayAddress("10.0.0.99", 55555))).isEmpty();
    }

    @Test
    void aClusterInChinese() {
        Messages zh = new Messages(Locale.SIMPLIFIED_CHINESE);
        FoundRelaysViewModel list = new FoundRelaysViewModel(discovery, Runnable::run, zh);
        list.start();
        discovery.found(member("r1", "仓库一号", "10.0.0.11", 1));
        discovery.found(member("r2", "仓库二号", "10.0.0.12", 2));
        assertThat(list.title(list.entries().get(0))).isEqualTo("集群 site-b");
        assertThat(list.detail(list.entries().get(0))).isEqualTo("集群中的 2 个中继 · 3 人在线");
    }
}
