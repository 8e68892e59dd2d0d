-- The message store of a cluster of Parley relays (see PostgresMessageStore). Applied by Flyway, once per database,
-- under Flyway's own lock, so relays started together against an empty database make it once.

-- One row per room: the counters every relay's group commit takes a row lock on (rooms in name order), so writers
-- of one room are serialized until their commit and seq / receipt ids follow commit order, gap-free.
-- message_count and message_bytes are what retention by count and bytes compares with its limits.
CREATE TABLE rooms (
    room            text   PRIMARY KEY,
    last_seq        bigint NOT NULL DEFAULT 0,
    last_receipt_id bigint NOT NULL DEFAULT 0,
    message_count   bigint NOT NULL DEFAULT 0,
    message_bytes   bigint NOT NULL DEFAULT 0
);

-- kind 0 is chat (text set), 1 is voice (clip and its format set). id and text are the UTF-8 bytes of what the
-- client sent: PostgreSQL's text type cannot hold U+0000, which JSON can carry. bytes is what retention counts: the
-- clip's length, or the text's in UTF-8.
CREATE TABLE messages (
    room        text     NOT NULL REFERENCES rooms (room),
    seq         bigint   NOT NULL,
    nick_key    text     NOT NULL,
    id          bytea    NOT NULL,
    sender      text     NOT NULL,
    ts          bigint   NOT NULL,
    kind        smallint NOT NULL,
    text        bytea,
    duration_ms bigint,
    sample_rate integer,
    channels    integer,
    bytes       bigint   NOT NULL,
    clip        bytea,
    PRIMARY KEY (room, seq),
    UNIQUE (room, nick_key, id)
);
-- WAV audio hardly compresses: keep clips out of line without trying
ALTER TABLE messages ALTER COLUMN clip SET STORAGE EXTERNAL;
-- retention by age
CREATE INDEX messages_by_ts ON messages (ts);

-- Played receipts: one per (room, seq, nick key), numbered per room in commit order, gone with their message.
CREATE TABLE receipts (
    room     text   NOT NULL,
    id       bigint NOT NULL,
    seq      bigint NOT NULL,
    nick_key text   NOT NULL,
    nick     text   NOT NULL,
    ts       bigint NOT NULL,
    PRIMARY KEY (room, id),
    UNIQUE (room, seq, nick_key),
    FOREIGN KEY (room, seq) REFERENCES messages (room, seq) ON DELETE CASCADE
);
