package dev.parley.relay.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A member of a room connected to another relay of the cluster.
 *
 * @param relay    the id of the relay it is connected to
 * @param joinedAt when it joined, in that relay's clock (milliseconds): of two members that joined with one nick on two
 *                 relays at once, the earlier one stays (ties: the lower relay id)
 * @param tokenHash the digest of its session token ({@link Session#tokenHash()}): a hello here whose {@code resume}
 *                 has this digest takes its place
 */
record RemoteMember(String nick, String nickKey, String relay, long joinedAt, String tokenHash) {

    /** Whether this member's claim to its nick comes before one made at {@code otherJoinedAt} on {@code otherRelay}. */
    boolean before(long otherJoinedAt, String otherRelay) {
        return joinedAt != otherJoinedAt ? joinedAt < otherJoinedAt : relay.compareTo(otherRelay) < 0;
    }

    /** Whether a hello's {@code resume} (null when it had none) is this member's session token. */
    boolean resumedBy(String resume) {
        return resume != null && MessageDigest.isEqual(tokenHash.getBytes(StandardCharsets.UTF_8),
                Session.hashOf(resume).getBytes(StandardCharsets.UTF_8));
    }
}
