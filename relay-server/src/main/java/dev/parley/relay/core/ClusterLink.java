package dev.parley.relay.core;

/**
 * What a room tells the other relays of its cluster, called holding the room's monitor; {@link #NONE} for a relay on
 * its own.
 */
interface ClusterLink {
    ClusterLink NONE = new ClusterLink() {
        @Override
        public boolean clustered() {
            return false;
        }

        @Override
        public Room open(String name, long lastSeq, long lastPlayed) {
            return new Room(name, lastSeq, lastPlayed, this);
        }

        @Override
        public void stored(Room room, long seq, SharedFrame frame) {
        }

        @Override
        public void played(Room room, long id, SharedFrame frame) {
        }

        @Override
        public void typing(Room room, SharedFrame frame) {
        }

        @Override
        public void live(Room room, SharedFrame frame) {
        }

        @Override
        public void joined(Room room, Session s) {
        }

        @Override
        public void left(Room room, Session s) {
        }

        @Override
        public void password(boolean right, String address) {
        }
    };

    /** Whether there are other relays: stored messages and receipts then go through the room's sequences. */
    boolean clustered();

    /** A room this relay's first member joins: it knows the members the other relays have in it. */
    Room open(String name, long lastSeq, long lastPlayed);

    /** This relay committed stored message {@code seq} of the room ({@code frame} is what members receive). */
    void stored(Room room, long seq, SharedFrame frame);

    /** This relay committed played receipt {@code id} of the room. */
    void played(Room room, long id, SharedFrame frame);

    /** A member here changed its typing state: {@code frame} goes to every member on the other relays. */
    void typing(Room room, SharedFrame frame);

    /** A speaker here sent a live-voice frame: it goes to every listener on the other relays. */
    void live(Room room, SharedFrame frame);

    /** A member joined the room here. */
    void joined(Room room, Session s);

    /** A member left the room here. */
    void left(Room room, Session s);

    /** A client address sent a wrong (or right) room password here: the other relays count it too. */
    void password(boolean right, String address);
}
