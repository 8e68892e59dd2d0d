package dev.parley.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.parley.protocol.Json.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code welcome.relays} and the addresses it lists (PROTOCOL.md "More than one relay"). */
class WelcomeRelaysTest {
    private static final String FP1 = "F2:7D:13:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:C6:9A";
    private static final String FP2 = "00:11:22:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:EE:FF:01";
    private static final String WELCOME = "{\"type\":\"welcome\",\"protocol\":2,\"session\":\"Xq2Zb7hQk0v3YwR1s9TnMA\","
            + "\"nick\":\"alice\",\"room\":\"lobby\",\"members\":[\"alice\"],\"lastSeq\":57,"
            + "\"limits\":{\"maxTextChars\":4000,\"maxClipBytes\":16777216,\"maxClipMillis\":300000},"
            + "\"server\":\"parley-relay/0.1\"}";
    private static final String RELAYS = "[{\"url\":\"wss://relay1.example.lan:55555/\",\"fingerprint\":\"" + FP1 + "\"},"
            + "{\"url\":\"wss://192.168.1.21:55555/\",\"fingerprint\":\"" + FP2 + "\"}]";

    @Test
    void relaysEncodeAndDecodeBackInOrder() throws Exception {
        List<RelayAddress> relays = List.of(new RelayAddress("wss://relay1.example.lan:55555/", FP1),
                new RelayAddress("wss://192.168.1.21:55555/", FP2));
        ServerMessage.Welcome welcome = new ServerMessage.Welcome(2, "Xq2Zb7hQk0v3YwR1s9TnMA", "alice", "lobby",
                List.of("alice"), 57, Limits.DEFAULTS, "parley-relay/0.1", 0, relays);
        String json = with(WELCOME, "relays", RELAYS);

        assertThat(Json.object(ServerCodec.encode(welcome))).isEqualTo(Json.object(json));
        assertThat(ServerCodec.decode(json)).isEqualTo(welcome);
    }

    @Test
    void noRelaysIsNoFieldAndAbsentOrNullOrEmptyIsNone() throws Exception {
        ServerMessage.Welcome none = new ServerMessage.Welcome(2, "Xq2Zb7hQk0v3YwR1s9TnMA", "alice", "lobby",
                List.of("alice"), 57, Limits.DEFAULTS, "parley-relay/0.1");

        assertThat(Json.object(ServerCodec.encode(none)).has("relays")).isFalse();
        for (String raw : new String[]{null, "null", "[]"}) {
            String json = raw == null ? WELCOME : with(WELCOME, "relays", raw);
            assertThat(((ServerMessage.Welcome) ServerCodec.decode(json)).relays()).as(json).isEmpty();
        }
    }

    @ParameterizedTest(name = "entry {0}")
    @ValueSource(strings = {
            "\"wss://relay1.example.lan:55555/\"",                                      // a string, not an object
            "{\"url\":\"wss://r.lan:55555/\"}",                                          // no fingerprint
            "{\"fingerprint\":\"" + FP1 + "\"}",                                          // no url
            "{\"url\":\"https://r.lan:55555/\",\"fingerprint\":\"" + FP1 + "\"}",         // another scheme
            "{\"url\":\"wss://r.lan/\",\"fingerprint\":\"" + FP1 + "\"}",                 // no port
            "{\"url\":\"wss://r.lan:55555/x\",\"fingerprint\":\"" + FP1 + "\"}",          // a path
            "{\"url\":\"wss://R.LAN:55555/\",\"fingerprint\":\"" + FP1 + "\"}",           // not in the listed (lower-case) form
            "{\"url\":\"wss://r.lan:55555/\",\"fingerprint\":\"f2:7d\"}",                 // a short, lower-case fingerprint
            "{\"url\":\"wss://r.lan:55555/\",\"fingerprint\":42}",                         // a number
    })
    void anEntryAClientCannotUseIsSkippedAndTheRestKept(String entry) throws Exception {
        String json = with(WELCOME, "relays", "[" + entry + ",{\"url\":\"wss://192.168.1.21:55555/\",\"fingerprint\":\""
                + FP2 + "\"}]");

        assertThat(((ServerMessage.Welcome) ServerCodec.decode(json)).relays())
                .containsExactly(new RelayAddress("wss://192.168.1.21:55555/", FP2));
    }

    @Test
    void relaysThatIsNotAnArrayIsABadWelcome() {
        assertThatThrownBy(() -> ServerCodec.decode(with(WELCOME, "relays", "{}"))).isInstanceOf(ProtocolException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "wss://relay1.example.lan:55555,     wss://relay1.example.lan:55555/",  // the usual form
            "wss://relay1.example.lan:55555/,    wss://relay1.example.lan:55555/",  // a trailing slash
            "WSS://Relay1.Example.LAN:443,       wss://relay1.example.lan:443/",    // scheme and host lower-cased
            "wss://192.168.1.20:55555,           wss://192.168.1.20:55555/",        // IPv4
            "wss://[fe80::1]:55555,              wss://[fe80::1]:55555/",           // IPv6 in brackets
            "'  wss://r.lan:1  ',                wss://r.lan:1/",                   // white space around
    })
    void advertisedAddressesAreNormalized(String given, String listed) {
        assertThat(RelayAddress.normalizeUrl(given)).isEqualTo(listed);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "",                                     // nothing
            "relay1.example.lan:55555",             // no scheme
            "ws://relay1.example.lan:55555",        // not TLS
            "https://relay1.example.lan:55555",     // not WebSocket
            "wss://relay1.example.lan",             // no port
            "wss://relay1.example.lan:0",           // port 0 is no address
            "wss://relay1.example.lan:70000",       // port out of range
            "wss://:55555",                         // no host
            "wss://bob@relay1.example.lan:55555",   // user info
            "wss://relay1.example.lan:55555/chat",  // a path
            "wss://relay1.example.lan:55555/?a=1",  // a query
            "wss://relay1.example.lan:55555/#x",    // a fragment
            "wss://relay 1:55555",                  // not a URI
    })
    void badAdvertisedAddressesAreRefusedSayingWhy(String given) {
        assertThatIllegalArgumentException().isThrownBy(() -> RelayAddress.normalizeUrl(given))
                .withMessageContaining("wss://");
    }

    @Test
    void hostPortKeysTheAddressAsClientsPinIt() {
        assertThat(new RelayAddress("wss://192.168.1.21:55555/", FP2).hostPort()).isEqualTo("192.168.1.21:55555");
        assertThat(new RelayAddress("wss://[fe80::1]:55555/", FP2).hostPort()).isEqualTo("[fe80::1]:55555");
    }
}
