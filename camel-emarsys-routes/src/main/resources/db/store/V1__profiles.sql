-- The stitched profiles of the segment import and the keys (e-mail, phone, contact id) that point to them.
-- published_hash is the data_hash last published to Kafka: a profile whose data_hash differs is due.
-- Plain SQL that H2 and PostgreSQL both run; IF NOT EXISTS, so that databases made before Flyway (baselined at 0) keep working.
CREATE TABLE IF NOT EXISTS emarsys_profile (
    profile_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    created_at TIMESTAMP    NOT NULL,
    updated_at TIMESTAMP    NOT NULL,
    data_hash  BIGINT       NOT NULL,
    published_hash BIGINT,
    data       TEXT         NOT NULL
);
CREATE TABLE IF NOT EXISTS emarsys_profile_key (
    key_type   VARCHAR(16)  NOT NULL,
    key_value  VARCHAR(255) NOT NULL,
    profile_id VARCHAR(64)  NOT NULL,
    PRIMARY KEY (key_type, key_value)
);
