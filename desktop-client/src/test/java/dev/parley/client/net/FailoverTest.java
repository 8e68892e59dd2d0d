package dev.parley.client.net;

import dev.parley.client.net.Failover.Target;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which relay the next attempt goes to, and what it trusts there (PROTOCOL.md "More than one relay"). */
class FailoverTest {
    private static final String PIN_ONE = fp("01");
    private static final String FP_TWO = fp("02");
    private static final String FP_THREE = fp("03");
    private static final String PERSONS_PIN_THREE = fp("33");
    private static final RelayAddress ONE = new RelayAddress("relay1.lan", 55555);
    private static final RelayAddress TWO = new RelayAddress("relay2.lan", 55555);
    private static final RelayAddress THREE = new RelayAddress("10.0.0.3", 6000);

    private static String fp(String pair) {
        return String.join(":", java.util.Collections.nCopies(32, pair));
    }

    private static dev.parley.protocol.RelayAddress listed(RelayAddress a, String fingerprint) {
        return new dev.parley.protocol.RelayAddress("wss://" + a.key() + "/", fingerprint);
    }

    private static Failover failover(Map<RelayAddress, String> personsPins) {
        return new Failover(ONE, PIN_ONE, a -> Optional.ofNullable(personsPins.get(a)));
    }

    @Test
    void beforeAnyListItStaysOnTheChosenRelayWithThePersonsPin() {
        Failover f = failover(Map.of());

        assertThat(f.current()).isEqualTo(new Target(ONE, PIN_ONE, false));
        assertThat(f.next(0)).isEqualTo(f.next(1)).isEqualTo(f.next(7)).isEqualTo(new Target(ONE, PIN_ONE, false));
    }

    @Test
    void theFirstRetryGoesToTheSameRelayThenRoundTheListWithVouchedFingerprints() {
        Failover f = failover(Map.of());
        f.welcomed(List.of(listed(ONE, fp("99")), listed(TWO, FP_TWO), listed(THREE, FP_THREE)));

        assertThat(f.next(0).address()).as("a drop: the same relay first").isEqualTo(ONE);
        assertThat(f.next(1)).isEqualTo(new Target(TWO, FP_TWO, true));
        assertThat(f.next(2)).isEqualTo(new Target(THREE, FP_THREE, true));
        assertThat(f.next(3)).as("back to the chosen relay, with the person's pin, not the listed one")
                .isEqualTo(new Target(ONE, PIN_ONE, false));
    }

    @Test
    void thePersonsOwnPinForAListedAddressWinsOverTheVouchedOne() {
        Failover f = failover(Map.of(THREE, PERSONS_PIN_THREE));
        f.welcomed(List.of(listed(TWO, FP_TWO), listed(THREE, FP_THREE)));

        f.next(1);
        assertThat(f.next(1)).isEqualTo(new Target(THREE, PERSONS_PIN_THREE, false));
    }

    @Test
    void aChosenRelayThatTheListDoesNotNameGoesFirstAndAnUnlistedOneIsNeverTried() {
        Failover f = failover(Map.of(THREE, PERSONS_PIN_THREE)); // the person trusts THREE, but nobody lists it
        f.welcomed(List.of(listed(TWO, FP_TWO)));

        assertThat(f.next(1).address()).isEqualTo(TWO);
        assertThat(f.next(1).address()).isEqualTo(ONE);
        assertThat(f.next(1).address()).isEqualTo(TWO);
    }

    @Test
    void eachWelcomeReplacesTheListAndAVouchThatIsNoLongerListedIsGone() {
        Failover f = failover(Map.of());
        f.welcomed(List.of(listed(ONE, PIN_ONE), listed(TWO, FP_TWO), listed(THREE, FP_THREE)));
        assertThat(f.next(1).address()).isEqualTo(TWO);
        // joined on TWO, whose welcome lists itself and ONE only
        f.welcomed(List.of(listed(TWO, FP_TWO), listed(ONE, PIN_ONE)));

        assertThat(f.listed()).extracting(Target::address).containsExactly(TWO, ONE);
        assertThat(f.next(1).address()).isEqualTo(ONE);
        assertThat(f.next(1).address()).as("THREE is no longer vouched for").isEqualTo(TWO);
    }

    @Test
    void aRelayNoLongerListedIsNotTriedAgainNotEvenTheOneItIsOn() {
        Failover f = failover(Map.of());
        f.welcomed(List.of(listed(ONE, PIN_ONE), listed(TWO, FP_TWO)));
        assertThat(f.next(1).address()).isEqualTo(TWO);
        f.welcomed(List.of()); // TWO's welcome lists nobody, not even itself

        assertThat(f.next(0)).isEqualTo(new Target(ONE, PIN_ONE, false));
        assertThat(f.next(1)).isEqualTo(new Target(ONE, PIN_ONE, false));
    }

    @Test
    void addressesAreComparedAsClientsKeyThemAndListedTwiceCountsOnce() {
        Failover f = failover(Map.of());
        f.welcomed(List.of(listed(TWO, FP_TWO), new dev.parley.protocol.RelayAddress("wss://relay2.lan:55555/",
                FP_THREE), listed(new RelayAddress("RELAY1.lan", 55555), fp("99"))));

        assertThat(f.listed()).containsExactly(new Target(TWO, FP_TWO, true), new Target(ONE, PIN_ONE, false));
    }
}
