-- emarsys_import_member: the members (contact ids) of the source a changes run imports, one row each, under the
-- import's name (two imports may share a store). A changes export holds every changed contact of the account; only
-- the rows of these members are kept. Kept here rather than in the heap, so that a segment of millions costs the
-- import no memory; each changes run replaces its import's rows.
-- Plain SQL that H2 and PostgreSQL both run; IF NOT EXISTS, so that a database made before Flyway keeps working.
CREATE TABLE IF NOT EXISTS emarsys_import_member (
    import_name VARCHAR(200) NOT NULL,
    contact_id  VARCHAR(255) NOT NULL,
    PRIMARY KEY (import_name, contact_id)
);
