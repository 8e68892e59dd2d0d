-- The identity of the cluster whose relays share this database (see PostgresMessageStore#clusterId): one row, made
-- once with a random id. Relays announce it on the LAN so the app lists a cluster once, not once per relay.
-- Numbered 1.1 so that it cannot clash with a version 2 written meanwhile elsewhere.
CREATE TABLE cluster_identity (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    id       uuid    NOT NULL DEFAULT gen_random_uuid()
);
INSERT INTO cluster_identity DEFAULT VALUES;
