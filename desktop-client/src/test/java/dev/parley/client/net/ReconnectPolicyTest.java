package dev.parley.client.net;

import dev.parley.client.net.ConnectionStatus.Kind;
import dev.parley.client.net.ConnectionStatus.Reason;
import dev.parley.client.net.ReconnectPolicy.Decision;
import dev.parley.client.net.ReconnectPolicy.Ending;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every rule of {@link ReconnectPolicy}, one row each, with the rows around its edges. */
class ReconnectPolicyTest {
    private static final long NOW = 1_000_000;
    private static final String NET = "Connection refused";

    /** An ending with every input named; each row changes what it is about. */
    private record E(boolean personLeft, int code, String reason, boolean certificateRefused, int asked,
                     boolean joinedOnce, int attempt, double jitter, long nickRefusedSince, boolean elsewhere) {
        static E joined(int code) {
            return new E(false, code, "", false, Protocol.VERSION_2, true, 0, 0.5, -1, false);
        }

        static E first(int code) {
            return joined(code).notJoined();
        }

        E notJoined() {
            return new E(personLeft, code, reason, certificateRefused, asked, false, attempt, jitter,
                    nickRefusedSince, elsewhere);
        }

        E left() {
            return new E(true, code, reason, certificateRefused, asked, joinedOnce, attempt, jitter,
                    nickRefusedSince, elsewhere);
        }

        E because(String why) {
            return new E(personLeft, code, why, certificateRefused, asked, joinedOnce, attempt, jitter,
                    nickRefusedSince, elsewhere);
        }

        E untrusted() {
            return new E(personLeft, code, reason, true, asked, joinedOnce, attempt, jitter, nickRefusedSince, elsewhere);
        }

        E asking(int version) {
            return new E(personLeft, code, reason, certificateRefused, version, joinedOnce, attempt, jitter,
                    nickRefusedSince, elsewhere);
        }

        E attempt(int n, double j) {
            return new E(personLeft, code, reason, certificateRefused, asked, joinedOnce, n, j,
                    nickRefusedSince, elsewhere);
        }

        E nickRefusedAgo(long millis) {
            return new E(personLeft, code, reason, certificateRefused, asked, joinedOnce, attempt, jitter,
                    NOW - millis, elsewhere);
        }

        /** The attempt went to another relay of the cluster than the one the person chose (failing over). */
        E failingOver() {
            return new E(personLeft, code, reason, certificateRefused, asked, joinedOnce, attempt, jitter, nickRefusedSince,
                    true);
        }

        Ending ending() {
            return new Ending(personLeft, code, reason, NET, certificateRefused, elsewhere, asked, joinedOnce, attempt,
                    jitter, nickRefusedSince, NOW);
        }
    }

    private static Decision reconnect(long millis, Kind kind, int code, String detail) {
        return Decision.reconnect(millis, new Reason(kind, code, detail));
    }

    private static Decision giveUp(Kind kind, int code, String detail) {
        return Decision.giveUp(new Reason(kind, code, detail));
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                // 1. the person left: whatever the code, nothing more
                arguments("left, normal close", E.joined(CloseCodes.NORMAL).left(), Decision.NOTHING),
                arguments("left, even when the relay refused the version", E.first(CloseCodes.UNSUPPORTED_PROTOCOL).left(),
                        Decision.NOTHING),
                // 2. 4426: the next lower version the app speaks, at once, joined or not
                arguments("4426 for 2 before joining", E.first(CloseCodes.UNSUPPORTED_PROTOCOL), Decision.fallBack(1)),
                arguments("4426 for 2 on a reconnect (the relay was downgraded)",
                        E.joined(CloseCodes.UNSUPPORTED_PROTOCOL), Decision.fallBack(1)),
                arguments("4426 for a version above those spoken asks for the newest below it",
                        E.first(CloseCodes.UNSUPPORTED_PROTOCOL).asking(3), Decision.fallBack(2)),
                arguments("4426 for 1: nothing lower, refused with the relay's words",
                        E.first(CloseCodes.UNSUPPORTED_PROTOCOL).asking(1).because("protocol 1 is not supported"),
                        giveUp(Kind.REFUSED, CloseCodes.UNSUPPORTED_PROTOCOL, "protocol 1 is not supported")),
                // 3. a certificate that is not the pinned one: never retried
                arguments("untrusted before joining", E.first(CloseCodes.ABNORMAL).untrusted(),
                        giveUp(Kind.UNTRUSTED, 0, "certificate not trusted")),
                arguments("untrusted on a reconnect (the certificate changed)", E.joined(CloseCodes.ABNORMAL).untrusted(),
                        giveUp(Kind.UNTRUSTED, 0, "certificate not trusted")),
                arguments("failing over, a relay not presenting the certificate trusted there: on to the next, nobody asked",
                        E.joined(CloseCodes.ABNORMAL).untrusted().failingOver().attempt(1, 0.5),
                        reconnect(1000, Kind.LOST, 0, "certificate not the one trusted there")),
                arguments("another relay of the cluster that presents its certificate and drops: reconnect as ever",
                        E.joined(CloseCodes.ABNORMAL).failingOver(), reconnect(500, Kind.LOST, 1006, NET)),
                // 4. 4409 on a reconnect: our own old connection, for 90 s after the first refusal
                arguments("4409 on a reconnect, the first time", E.joined(CloseCodes.NICK_TAKEN).because("taken"),
                        reconnect(500, Kind.LOST, CloseCodes.NICK_TAKEN, "taken")),
                arguments("4409 on a reconnect, 90 s after the first", E.joined(CloseCodes.NICK_TAKEN)
                                .because("taken").nickRefusedAgo(90_000).attempt(2, 0.5),
                        reconnect(2000, Kind.LOST, CloseCodes.NICK_TAKEN, "taken")),
                arguments("4409 on a reconnect, past 90 s: someone else has the name", E.joined(CloseCodes.NICK_TAKEN)
                                .because("taken").nickRefusedAgo(90_001),
                        giveUp(Kind.REFUSED, CloseCodes.NICK_TAKEN, "taken")),
                arguments("4409 before joining: the name is taken", E.first(CloseCodes.NICK_TAKEN).because("taken"),
                        giveUp(Kind.REFUSED, CloseCodes.NICK_TAKEN, "taken")),
                // 5. the same hello would fail again
                arguments("4410 replaced: the same person connected from elsewhere; never taken back by itself",
                        E.joined(CloseCodes.REPLACED).because("replaced: the same member connected again"),
                        giveUp(Kind.REFUSED, CloseCodes.REPLACED, "replaced: the same member connected again")),
                arguments("4401 wrong password", E.first(CloseCodes.WRONG_PASSWORD).because("password required"),
                        giveUp(Kind.REFUSED, CloseCodes.WRONG_PASSWORD, "password required")),
                arguments("4400 bad hello on a reconnect", E.joined(CloseCodes.BAD_HELLO).because("bad hello"),
                        giveUp(Kind.REFUSED, CloseCodes.BAD_HELLO, "bad hello")),
                arguments("4429 locked out before joining", E.first(CloseCodes.TOO_MANY_ATTEMPTS).because("try again in 300 s"),
                        giveUp(Kind.REFUSED, CloseCodes.TOO_MANY_ATTEMPTS, "try again in 300 s")),
                arguments("4429 locked out on a reconnect", E.joined(CloseCodes.TOO_MANY_ATTEMPTS).because("try again in 9 s"),
                        giveUp(Kind.REFUSED, CloseCodes.TOO_MANY_ATTEMPTS, "try again in 9 s")),
                // 6. anything else before the first welcome: the connect screen says why
                arguments("relay shutting down before joining", E.first(CloseCodes.GOING_AWAY).because("stopping"),
                        giveUp(Kind.RELAY_STOPPED, CloseCodes.GOING_AWAY, "stopping")),
                arguments("unreachable: no close frame, the network's words",
                        E.first(-1), giveUp(Kind.LOST, 0, NET)),
                arguments("dropped before the welcome", E.first(CloseCodes.ABNORMAL), giveUp(Kind.LOST, 1006, NET)),
                // 7. anything else after it: back-off by attempt, with jitter
                arguments("relay shut down", E.joined(CloseCodes.GOING_AWAY).because("stopping"),
                        reconnect(500, Kind.RELAY_STOPPED, CloseCodes.GOING_AWAY, "stopping")),
                arguments("dropped, no reason: the network's words", E.joined(CloseCodes.ABNORMAL),
                        reconnect(500, Kind.LOST, 1006, NET)),
                arguments("a reason wins over the network's words", E.joined(CloseCodes.SERVER_ERROR).because("disk full"),
                        reconnect(500, Kind.LOST, CloseCodes.SERVER_ERROR, "disk full")),
                arguments("slow consumer, fourth attempt", E.joined(CloseCodes.SLOW_CONSUMER).attempt(3, 0.5),
                        reconnect(4000, Kind.LOST, CloseCodes.SLOW_CONSUMER, NET)),
                arguments("hello timeout, many attempts, shortest jitter", E.joined(CloseCodes.HELLO_TIMEOUT).attempt(10, 0.0),
                        reconnect(8000, Kind.LOST, CloseCodes.HELLO_TIMEOUT, NET)),
                arguments("the relay closed normally without us leaving", E.joined(CloseCodes.NORMAL).because("bye"),
                        reconnect(500, Kind.LOST, CloseCodes.NORMAL, "bye")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(String row, E ending, Decision expected) {
        assertThat(ReconnectPolicy.decide(ending.ending())).isEqualTo(expected);
    }

    @Test
    void theVersionsSpokenFallBackOneAtATimeToTheOldest() {
        assertThat(ProtocolVersions.newest()).isEqualTo(Protocol.VERSION_3);
        assertThat(ProtocolVersions.below(Protocol.VERSION_3)).hasValue(Protocol.VERSION_2);
        assertThat(ProtocolVersions.below(Protocol.VERSION_2)).hasValue(Protocol.VERSION_1);
        assertThat(ProtocolVersions.below(Protocol.VERSION_1)).isEmpty();
        assertThat(ProtocolVersions.SPOKEN).as("every version the relay of this code speaks, newest first")
                .containsExactly(Protocol.VERSION_3, Protocol.VERSION_2, Protocol.VERSION_1);
    }
}
