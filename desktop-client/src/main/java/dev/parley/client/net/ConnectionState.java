package dev.parley.client.net;

/** The life of a {@link RelayConnection}: disconnected → connecting → joined → reconnecting → joined ... */
public enum ConnectionState {
    DISCONNECTED, CONNECTING, JOINED, RECONNECTING
}
