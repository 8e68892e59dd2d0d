package dev.parley.relay.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** New connections fill one event loop before the next; once all are full, the least loaded takes the next one. */
class PackingChooserTest {
    private final PackingChooser packing = new PackingChooser(2);
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(3,
            new ThreadPerTaskExecutor(new DefaultThreadFactory("packing-test", true)), packing, NioIoHandler.newFactory());
    private final List<Channel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        channels.forEach(Channel::close);
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS).await(5_000);
    }

    @Test
    void aLoopIsFilledBeforeTheNextIsUsedAndTheLeastLoadedTakesTheOverflow() throws Exception {
        EventLoop first = register();
        assertThat(register()).as("the second connection joins the first on its loop").isSameAs(first);
        EventLoop second = register();
        assertThat(second).as("a full loop hands on to the next").isNotSameAs(first);
        assertThat(register()).isSameAs(second);
        EventLoop third = register();
        assertThat(third).isNotIn(first, second);
        register();

        // every loop holds 2 now; closing one on the second loop makes it the least loaded
        Channel leaving = channels.stream().filter(c -> c.eventLoop() == second).findFirst().orElseThrow();
        leaving.close().sync();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> packing.connections(second) == 1);
        assertThat(register()).as("below the bound again: the first loop with room").isSameAs(second);
        assertThat(register()).as("all full: the least loaded, the first in order among equals").isSameAs(first);
    }

    private EventLoop register() throws InterruptedException {
        NioSocketChannel channel = new NioSocketChannel();
        group.register(channel).sync();
        packing.opened(channel);
        channels.add(channel);
        return channel.eventLoop();
    }
}
