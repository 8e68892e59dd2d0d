package dev.parley.relay.discovery;

import dev.parley.relay.discovery.LanAddresses.Nic;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LanAddressesTest {

    private static Nic nic(String name, boolean usable, String... addresses) {
        return new Nic(name, usable, Arrays.stream(addresses).map(LanAddressesTest::ip).toList());
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> chosen(Nic... nics) {
        return LanAddresses.choose(List.of(nics)).stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void oneSiteLocalIpv4AddressPerUsableInterface() {
        assertThat(chosen(
                nic("eth0", true, "fe80::1", "192.168.1.20", "192.168.1.21"),
                nic("wlan0", true, "10.0.0.7"),
                nic("docker-down", false, "172.17.0.1"),
                nic("tun0", false, "10.8.0.2")))
                .containsExactly("192.168.1.20", "10.0.0.7");
    }

    @Test
    void otherAddressesOnlyWhenNoInterfaceHasASiteLocalOne() {
        assertThat(chosen(nic("eth0", true, "192.0.2.2"), nic("eth1", true, "172.20.0.5")))
                .containsExactly("172.20.0.5");
        assertThat(chosen(nic("eth0", true, "192.0.2.2", "fd00::2"))).containsExactly("192.0.2.2");
    }

    @Test
    void neverLoopbackLinkLocalOrIpv6() {
        assertThat(chosen(nic("lo", true, "127.0.0.1"), nic("eth0", true, "169.254.3.4", "fe80::2", "fd00::2")))
                .isEmpty();
    }

    @Test
    void aRelayBoundToOneAddressAnnouncesThereOnly() {
        assertThat(LanAddresses.forBind("127.0.0.1")).containsExactly(ip("127.0.0.1"));
        assertThat(LanAddresses.forBind("no-such-host.invalid")).isEmpty();
    }
}
