-- The state the app's instances must agree on (../shared/design.md, "Where state lives").
-- emarsys_state: Camel StateRepository entries (the import's watermarks, the export consumers' windows).
-- emarsys_idempotency: IdempotentRepository keys (the webhook's token ids and event ids), each with its own expiry
-- in epoch milliseconds (the application's clock, so no time zone of the database matters); expired rows are purged.
-- CREATE ... IF NOT EXISTS, so that a database whose tables were made before Flyway (baselined at 0) keeps working.
-- Plain SQL that H2 and PostgreSQL both run.
CREATE TABLE IF NOT EXISTS emarsys_state (
    name        VARCHAR(1000) NOT NULL PRIMARY KEY,
    state_value TEXT,
    updated_at  TIMESTAMP    NOT NULL
);
CREATE TABLE IF NOT EXISTS emarsys_idempotency (
    repository  VARCHAR(64)  NOT NULL,
    message_key VARCHAR(512) NOT NULL,
    created_at  BIGINT       NOT NULL,
    expires_at  BIGINT       NOT NULL,
    PRIMARY KEY (repository, message_key)
);
CREATE INDEX IF NOT EXISTS emarsys_idempotency_expiry ON emarsys_idempotency (expires_at);
