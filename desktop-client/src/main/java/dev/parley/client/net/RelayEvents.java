package dev.parley.client.net;

import dev.parley.protocol.ServerMessage;

/**
 * What a {@link RelayConnection} reports. Called on the connection's own threads, in the order events happened;
 * implementations hand them to the FX thread.
 */
public interface RelayEvents {
    /** The connection changed state. */
    void status(ConnectionStatus status);

    /** The relay accepted the hello; replay follows. */
    void welcome(ServerMessage.Welcome welcome);

    /** A stored message (live, replay, history or the echo of our own); {@code clip} is the WAV for voice, else null. */
    void stored(ServerMessage.Stored message, byte[] clip);

    /** Someone started or stopped typing or recording. */
    void typing(ServerMessage.Typing typing);

    /** Someone joined or left; the full member list. */
    void presence(ServerMessage.Presence presence);

    /** A played receipt (protocol 3): live, replayed on joining or with a history answer, or our own confirmed. */
    void played(ServerMessage.Played receipt);

    /** The end of a page of history. */
    void historyEnd(ServerMessage.HistoryEnd end);

    /** A recoverable error (a refused message, rate limit, …). */
    void error(ServerMessage.Error error);

    /** The relay presented a certificate that is not trusted; the connection stopped. */
    void untrusted(TrustProblem problem);
}
