-- Links sealed the way they were before this migration (see server/src/store/links.rs) were
-- weak in two places. The join code columns held an unsalted hash of a 40-bit code and the
-- participant token sealed under that code: anyone with a copy of the database could try every
-- code. They are cleared; the server writes them again, keyed by its key file, when the
-- facilitator next opens their page (until then the join code of an older workshop is not
-- found; its participant link still works). A replaced link kept its sealed token under the same
-- pad as its successor, so the replaced token opened the new one: replaced links now keep no
-- sealed token. A live link's sealed token opens only with the facilitator token, and is sealed
-- again with an AEAD at the facilitator's next visit.
UPDATE links SET code_hash = NULL, code_sealed = NULL;
UPDATE links SET sealed = '' WHERE replaced_at_ms IS NOT NULL;
