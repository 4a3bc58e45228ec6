-- Leases of the store's cluster service (one row per namespace, such as the import's "emarsys-import"): who holds
-- it, its fencing token (+1 on every new holder) and until when, by the database's clock (hosts' clocks never count).
CREATE TABLE IF NOT EXISTS emarsys_lease (
    name       VARCHAR(200)             NOT NULL PRIMARY KEY,
    holder     VARCHAR(200),
    token      BIGINT                   NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
