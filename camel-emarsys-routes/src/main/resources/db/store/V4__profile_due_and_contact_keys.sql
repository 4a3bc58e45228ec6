-- emarsys_profile_due: the profiles whose content is not published yet, one row each with the hash of that content
-- (emarsys_profile.data_hash), deleted once Kafka has that content. Finding the profiles due reads this table, not
-- every profile, so a run's publishing costs what the run changed; and publishing writes no profile row again.
-- It takes over from emarsys_profile.published_hash, which is filled in here and not maintained from now on.
-- Plain SQL that H2 and PostgreSQL both run; IF NOT EXISTS, so that a database made before Flyway keeps working.
CREATE TABLE IF NOT EXISTS emarsys_profile_due (
    profile_id VARCHAR(64) NOT NULL PRIMARY KEY,
    data_hash  BIGINT      NOT NULL
);
INSERT INTO emarsys_profile_due (profile_id, data_hash)
    SELECT p.profile_id, p.data_hash FROM emarsys_profile p
    WHERE (p.published_hash IS NULL OR p.published_hash <> p.data_hash)
      AND NOT EXISTS (SELECT 1 FROM emarsys_profile_due d WHERE d.profile_id = p.profile_id);
-- The import's contact id is the contact's e-mail, so a "contact" key of the same value as an "email" key points to
-- the same profile: the store no longer writes such contact keys (a third fewer key rows to write and look up).
DELETE FROM emarsys_profile_key
    WHERE key_type = 'contact'
      AND key_value IN (SELECT e.key_value FROM emarsys_profile_key e WHERE e.key_type = 'email');
