package dev.parley.client.connect;

import dev.parley.client.ui.common.Messages;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectViewModelTest {
    private final ConnectViewModel vm = new ConnectViewModel(new Messages(Locale.ENGLISH));

    @Test
    void showsNothingUntilTheFirstTryThenFollowsTyping() {
        vm.nickProperty().set("a/b");
        assertThat(vm.nickErrorProperty().get()).isEmpty();
        assertThat(vm.validate()).isFalse();
        assertThat(vm.nickErrorProperty().get()).contains("letters, digits");
        assertThat(vm.relayErrorProperty().get()).contains("relay’s address");
        vm.nickProperty().set("  Zoë 2 ");
        assertThat(vm.nickErrorProperty().get()).isEmpty();
        assertThat(vm.normalizedNick()).isEqualTo("Zoë 2");
    }

    @Test
    void roomIsLowerCasedAndChecked() {
        vm.relayProperty().set("10.0.0.1");
        vm.nickProperty().set("al");
        vm.roomProperty().set(" Team-1 ");
        assertThat(vm.validate()).isTrue();
        assertThat(vm.normalizedRoom()).isEqualTo("team-1");
        assertThat(vm.roomPreviewProperty().get()).isEqualTo("You will join #team-1");
        vm.roomProperty().set("My  Room");
        assertThat(vm.validate()).as("spaces become '-', like upper case becomes lower").isTrue();
        assertThat(vm.normalizedRoom()).isEqualTo("my-room");
        assertThat(vm.roomPreviewProperty().get()).isEqualTo("You will join #my-room");
        vm.roomProperty().set("lobby");
        assertThat(vm.roomPreviewProperty().get()).as("nothing to explain").isEmpty();
        vm.roomProperty().set("my/room");
        assertThat(vm.validate()).isFalse();
        assertThat(vm.roomErrorProperty().get()).contains("a–z");
        assertThat(vm.roomPreviewProperty().get()).isEmpty();
        vm.roomProperty().set("x".repeat(65));
        assertThat(vm.roomErrorProperty().get()).contains("64");
    }

    @Test
    void hostingNeedsNoRelayAddress() {
        vm.nickProperty().set("al");
        vm.hostProperty().set(true);
        assertThat(vm.validate()).isTrue();
        vm.hostProperty().set(false);
        assertThat(vm.relayErrorProperty().get()).isNotEmpty();
        vm.relayProperty().set("http://nope");
        assertThat(vm.relayErrorProperty().get()).contains("not a relay address");
    }

    @Test
    void anAttemptGoesThroughExplicitPhases() {
        assertThat(vm.phase()).isEqualTo(ConnectViewModel.Phase.IDLE);
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.hosting()).isTrue();
        assertThat(vm.progressProperty().get()).isEqualTo("Starting a relay on this computer…");
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.connecting("wss://10.0.0.1:55555")).isTrue();
        assertThat(vm.progressProperty().get()).isEqualTo("Connecting to wss://10.0.0.1:55555…");
        assertThat(vm.checkingCertificate("")).isTrue();
        assertThat(vm.progressProperty().get()).isEmpty();
        assertThat(vm.connecting("wss://10.0.0.1:55555")).as("trusted").isTrue();
        assertThat(vm.joined()).isTrue();
        assertThat(vm.phase()).isEqualTo(ConnectViewModel.Phase.JOINED);
        assertThat(vm.progressProperty().get()).isEmpty();
        vm.left();
        assertThat(vm.phase()).isEqualTo(ConnectViewModel.Phase.IDLE);
        assertThat(vm.busyProperty().get()).isFalse();
    }

    @Test
    void aFailureShowsWhyAndEditingAFieldClearsIt() {
        vm.connecting("wss://10.0.0.1:55555");
        assertThat(vm.failed("The relay cannot be reached.")).isTrue();
        assertThat(vm.phase()).isEqualTo(ConnectViewModel.Phase.IDLE);
        assertThat(vm.problemProperty().get()).isEqualTo("The relay cannot be reached.");
        assertThat(vm.progressProperty().get()).isEmpty();
        vm.nickProperty().set("bob");
        assertThat(vm.problemProperty().get()).as("one message at a time, the newest").isEmpty();
    }

    @Test
    void transitionsFromTheWrongPhaseAreRefused() {
        assertThat(vm.joined()).as("not connecting").isFalse();
        assertThat(vm.failed("x")).as("nothing to fail").isFalse();
        assertThat(vm.checkingCertificate("x")).isFalse();
        assertThat(vm.phase()).isEqualTo(ConnectViewModel.Phase.IDLE);
        vm.connecting("a");
        assertThat(vm.hosting()).as("already connecting").isFalse();
        assertThat(vm.phase()).isEqualTo(ConnectViewModel.Phase.CONNECTING);
        vm.joined();
        assertThat(vm.checkingCertificate("changed")).as("a certificate that changed on a reconnect").isTrue();
        assertThat(vm.problemProperty().get()).isEqualTo("changed");
    }
}
