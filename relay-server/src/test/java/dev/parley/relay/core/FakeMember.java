package dev.parley.relay.core;

import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A member that records what the relay logic sends it, decoded, for tests without sockets. */
final class FakeMember implements Member {
    final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    final List<Integer> closes = new CopyOnWriteArrayList<>();
    /** The header JSON of every binary frame sent, as its bytes were written. */
    final List<String> binaryHeaders = new CopyOnWriteArrayList<>();
    volatile long buffered;
    private final String address;

    FakeMember() {
        this("192.0.2.1");
    }

    /** A member connected from {@code address} (an IP, for the per-address password ban). */
    FakeMember(String address) {
        this.address = address;
    }

    @Override
    public void sendText(String json) {
        try {
            received.add(ServerCodec.decode(json));
        } catch (ProtocolException e) {
            throw new AssertionError("relay sent invalid JSON: " + json, e);
        }
    }

    @Override
    public void send(SharedFrame frame) {
        if (frame.isText()) {
            sendText(frame.text());
            return;
        }
        ByteBuffer payload = frame.payload();
        int headerLength = payload.getInt(payload.position());
        byte[] header = new byte[headerLength];
        payload.get(payload.position() + 4, header);
        binaryHeaders.add(new String(header, StandardCharsets.UTF_8));
        try {
            received.add(ServerCodec.decode(VoiceFrame.split(payload).header()));
        } catch (ProtocolException e) {
            throw new AssertionError("relay sent an invalid voice frame", e);
        }
    }

    @Override
    public void close(int code, String reason) {
        closes.add(code);
    }

    @Override
    public long bufferedBytes() {
        return buffered;
    }

    @Override
    public boolean isOpen() {
        return closes.isEmpty();
    }

    @Override
    public String remote() {
        return address + ":1";
    }

    @Override
    public String address() {
        return address;
    }

    <T extends ServerMessage> T next(Class<T> type) throws InterruptedException {
        ServerMessage m = received.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("nothing received within 5 s; expected " + type.getSimpleName());
        }
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + m);
        }
        return type.cast(m);
    }
}
