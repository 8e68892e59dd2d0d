package dev.parley.client.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkWatchTest {
    @Test
    void callsBackWhenAnAddressAppearsNotWhenOneGoes() {
        Deque<Set<String>> seen = new ArrayDeque<>();
        seen.add(Set.of("192.168.1.5"));          // at start
        seen.add(Set.of());                        // Wi-Fi lost: nothing to do
        seen.add(Set.of());                        // still nothing
        seen.add(Set.of("192.168.1.5"));          // back: try now
        seen.add(Set.of("192.168.1.5"));          // unchanged
        seen.add(Set.of("192.168.1.5", "10.0.0.2")); // another network joined: try now
        AtomicInteger calls = new AtomicInteger();
        NetworkWatch watch = new NetworkWatch(seen::poll, calls::incrementAndGet);
        watch.start(new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
            {
                shutdown(); // not used: check() is driven by hand below
            }

            @Override
            public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(Runnable r, long a, long b,
                                                                                  java.util.concurrent.TimeUnit u) {
                return null;
            }
        });
        int[] expected = {0, 0, 1, 1, 2};
        for (int e : expected) {
            watch.check();
            assertThat(calls.get()).isEqualTo(e);
        }
    }
}
