package dev.parley.bench.bare;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Every upgraded connection, kept per event loop so that each loop touches only its own members. A broadcast
 * hands one encoded frame to every loop (one task per other loop, not one per receiver); each loop writes a
 * {@code retainedDuplicate()} to each of its members and flushes them once, in a task that runs after the reads
 * and tasks of its current turn: many frames for one connection leave in one flush, so the {@code SslHandler}
 * packs them into few records and system calls.
 */
final class Audience {
    private final Map<EventExecutor, Loop> loops = new IdentityHashMap<>();
    private final Loop[] all;

    Audience(EventExecutorGroup group) {
        for (EventExecutor e : group) {
            loops.put(e, new Loop(e));
        }
        all = loops.values().toArray(new Loop[0]);
    }

    /** On the connection's own event loop, once its WebSocket handshake is done. */
    void join(ChannelHandlerContext ctx) {
        loops.get(ctx.executor()).join(ctx);
    }

    /** On the connection's own event loop; a no-op for a connection that never joined. */
    void leave(ChannelHandlerContext ctx) {
        loops.get(ctx.executor()).leave(ctx);
    }

    /**
     * Sends {@code frame} to every member but {@code except} (null: the sender included); takes over the caller's
     * reference. Called on the sender's event loop, {@code here}.
     */
    void broadcast(ByteBuf frame, EventExecutor here, ChannelHandlerContext except) {
        Loop local = null;
        for (Loop loop : all) {
            if (loop.executor == here) {
                local = loop;
            } else {
                frame.retain();
                loop.executor.execute(() -> {
                    try {
                        loop.deliver(frame, except);
                    } finally {
                        frame.release();
                    }
                });
            }
        }
        try {
            if (local != null) {
                local.deliver(frame, except);
            }
        } finally {
            frame.release();
        }
    }

    /** The members of one event loop; touched only by that loop's thread. */
    private static final class Loop {
        final EventExecutor executor;
        private ChannelHandlerContext[] members = new ChannelHandlerContext[0];
        private boolean flushPending;
        private final Runnable flush = this::flushAll;

        Loop(EventExecutor executor) {
            this.executor = executor;
        }

        void join(ChannelHandlerContext ctx) {
            members = Arrays.copyOf(members, members.length + 1);
            members[members.length - 1] = ctx;
        }

        void leave(ChannelHandlerContext ctx) {
            for (int i = 0; i < members.length; i++) {
                if (members[i] == ctx) {
                    ChannelHandlerContext[] fewer = new ChannelHandlerContext[members.length - 1];
                    System.arraycopy(members, 0, fewer, 0, i);
                    System.arraycopy(members, i + 1, fewer, i, fewer.length - i);
                    members = fewer;
                    return;
                }
            }
        }

        void deliver(ByteBuf frame, ChannelHandlerContext except) {
            ChannelHandlerContext[] now = members; // a copy-on-write array: a close during a write cannot disturb it
            if (now.length == 0) {
                return;
            }
            for (ChannelHandlerContext ctx : now) {
                if (ctx != except && ctx.channel().isActive()) { // closed, its channelInactive not yet run: nothing to say
                    ctx.write(frame.retainedDuplicate(), ctx.voidPromise());
                }
            }
            if (!flushPending) {
                flushPending = true;
                executor.execute(flush); // after this turn's reads and the tasks queued before it
            }
        }

        private void flushAll() {
            flushPending = false;
            for (ChannelHandlerContext ctx : members) {
                ctx.flush();
            }
        }
    }
}
