-- The identity table of the Segment-events sink: which contact (its primary key, e.g. the e-mail) an anonymousId
-- or a userId stands for. Plain SQL that H2 and PostgreSQL both run.
CREATE TABLE IF NOT EXISTS emarsys_identity (
    id_type     VARCHAR(16)  NOT NULL,
    id_value    VARCHAR(255) NOT NULL,
    primary_key VARCHAR(255) NOT NULL,
    updated_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (id_type, id_value)
);
