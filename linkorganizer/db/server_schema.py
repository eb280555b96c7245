"""What a network on a PostgreSQL server has beyond the models' tables: SQLite's functions the core uses, the
search table and its triggers, and the row-level security of private interactions. Plain SQL text, read by
:mod:`linkorganizer.db.postgres` (a new network), the schema steps of :mod:`linkorganizer.db.migrations` and the
server's undo log."""

from __future__ import annotations

# Case-insensitive names (goals and tags), as NOCASE is for SQLite. ICU's level-2 strength ignores case only.
NOCASE = "CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"

# A private interaction is the business of the role that logged it: row-level security in the database, so no
# client (the app, psql, a report tool) shows it to another role. The owner of a private one is filled in by the
# server (a shared one keeps what it was given: a copy from a file is the file's, row for row).
PRIVACY_SCHEMA = [
    """CREATE OR REPLACE FUNCTION lo_owner() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.private AND NEW.owner = '' THEN NEW.owner := current_user; END IF;
         RETURN NEW;
       END $$""",
    """CREATE OR REPLACE TRIGGER interaction_owner BEFORE INSERT ON interaction
       FOR EACH ROW EXECUTE FUNCTION lo_owner()""",
    # Whose entry it is changes only by its owner's hand (or the network owner's, an administrator): the policy
    # checks the new row alone, which would let another member take a public entry over and make it private.
    """CREATE OR REPLACE FUNCTION lo_keep_owner() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.owner IS DISTINCT FROM OLD.owner AND OLD.owner <> '' AND OLD.owner <> current_user
            AND NOT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = TG_TABLE_SCHEMA
                            AND tablename = TG_TABLE_NAME AND pg_has_role(tableowner, 'USAGE')) THEN
           RAISE EXCEPTION 'only %, who logged it, may change whose entry this is', OLD.owner
             USING ERRCODE = 'insufficient_privilege';
         END IF;
         RETURN NEW;
       END $$""",
    """CREATE OR REPLACE TRIGGER interaction_keep_owner BEFORE UPDATE OF owner ON interaction
       FOR EACH ROW EXECUTE FUNCTION lo_keep_owner()""",
    "ALTER TABLE interaction ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS interaction_private ON interaction",
    """CREATE POLICY interaction_private ON interaction
       USING (NOT private OR owner = current_user) WITH CHECK (NOT private OR owner = current_user)""",
]
# The undo log keeps images of interactions: the same rule for them (an insert's entry has no image).
PRIVATE_IMAGES = [
    "ALTER TABLE undo_interaction ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS undo_interaction_private ON undo_interaction",
    """CREATE POLICY undo_interaction_private ON undo_interaction
       USING (private IS NOT TRUE OR owner = current_user)""",
]

# SQLite's functions the core's SQL uses, with SQLite's meaning, for a network on a server.
COMPAT_SCHEMA = [
    # Days since the Julian epoch, from a timestamp, a date or text ('now', 'YYYY-MM-DD …').
    """CREATE OR REPLACE FUNCTION julianday(timestamp) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT extract(epoch FROM $1)::double precision / 86400.0 + 2440587.5 $$""",
    """CREATE OR REPLACE FUNCTION julianday(date) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT julianday($1::timestamp) $$""",
    """CREATE OR REPLACE FUNCTION julianday(text) RETURNS double precision LANGUAGE sql STABLE STRICT
       AS $$ SELECT julianday(CASE WHEN $1 = 'now' THEN now() AT TIME ZONE 'UTC' ELSE $1::timestamp END) $$""",
    # The elements of a JSON array of ids, as a table with one column, value.
    """CREATE OR REPLACE FUNCTION json_each(text) RETURNS TABLE (value bigint) LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT e::bigint FROM json_array_elements_text($1::json) AS e $$""",
    """CREATE OR REPLACE FUNCTION lo_concat(acc text, value text, sep text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value ELSE acc || sep || value END $$""",
    """CREATE OR REPLACE FUNCTION lo_concat(acc text, value text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$ SELECT lo_concat(acc, value, ',') $$""",
    """CREATE OR REPLACE AGGREGATE group_concat(text, text) (sfunc = lo_concat, stype = text)""",
    """CREATE OR REPLACE AGGREGATE group_concat(text) (sfunc = lo_concat, stype = text)""",
    """CREATE OR REPLACE AGGREGATE total(double precision) (sfunc = float8pl, stype = double precision,
       initcond = '0')""",
    # A condition counted as SQLite counts it: true is 1.
    """CREATE OR REPLACE FUNCTION lo_count_true(acc bigint, value boolean) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS $$ SELECT acc + CASE WHEN value THEN 1 ELSE 0 END $$""",
    """CREATE OR REPLACE AGGREGATE sum(boolean) (sfunc = lo_count_true, stype = bigint, initcond = '0')""",
    """CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT strpos($1, $2) $$""",
    # A row written with an id of its own (an import numbers its new contacts itself) leaves the table's
    # sequence behind; the next row the sequence numbers would take a used id. Brought up after an operation.
    """CREATE OR REPLACE FUNCTION lo_sync_ids(tables text[]) RETURNS void LANGUAGE plpgsql AS $$
       DECLARE t text; seq text; top bigint; latest bigint; used boolean;
       BEGIN
         FOREACH t IN ARRAY tables LOOP
           seq := pg_get_serial_sequence(quote_ident(t), 'id');
           CONTINUE WHEN seq IS NULL;
           EXECUTE format('SELECT max(id) FROM %I', t) INTO top;
           EXECUTE format('SELECT last_value, is_called FROM %s', seq) INTO latest, used;
           IF top IS NOT NULL AND top > (CASE WHEN used THEN latest ELSE latest - 1 END) THEN
             PERFORM setval(seq, top, true);
           END IF;
         END LOOP;
       END $$""",
    # SQLite's min() and max() of two values (its aggregates take one).
    """CREATE OR REPLACE FUNCTION min(bigint, bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS $$ SELECT LEAST($1, $2) $$""",
    """CREATE OR REPLACE FUNCTION max(bigint, bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS $$ SELECT GREATEST($1, $2) $$""",
    # SQLite keeps a date as text, and the core takes parts of it ("2024-06" of a day).
    """CREATE OR REPLACE FUNCTION substr(date, integer, integer) RETURNS text LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT substr($1::text, $2, $3) $$""",
]

# Indexes a server's plans for the contact table's queries need beyond the models' own. SQLite's index on
# sort_name holds each row's id too: the first screen of a search walks it in (sort_name, id) order reading
# nothing else; a server's index holds only what it names. And a search's matches are looked up by id for
# their name and whether they are in the trash: from the index alone, not the contact's whole row. (At 100 000
# contacts, a loaded machine: the first screen's walk of 12 000 names from ~36 ms to ~2 ms.)
CONTACT_INDEXES = [
    "CREATE INDEX IF NOT EXISTS contact_sort_name_id ON contact (sort_name, id)",
    "CREATE INDEX IF NOT EXISTS contact_id_shown ON contact (id) INCLUDE (deleted_at, sort_name)",
]

# The search document of a contact, as the SQLite schema's ``contact_search_doc`` view says it, kept in a table
# with an accent-free, lower-case text per column and a tsvector of them all. unaccent() is only STABLE (its
# dictionary could change), so an IMMUTABLE wrapper lets the index use it, as PostgreSQL's documentation advises.
SEARCH_SCHEMA = [
    """CREATE OR REPLACE FUNCTION lo_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$""",
    # Words as SQLite's unicode61 tokenizer sees them: letters and digits, everything else a separator (so an
    # e-mail address or a web address is its words, not one token as PostgreSQL's parser would make it).
    """CREATE OR REPLACE FUNCTION lo_words(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT regexp_replace(lo_fold($1), '[^[:alnum:]]+', ' ', 'g') $$""",
    # The search the core writes for SQLite's FTS5 (core.contacts.fts_query: "word"* per word) as a tsquery:
    # every word must match, a word's own parts one after the other, its last part as a prefix.
    """CREATE OR REPLACE FUNCTION lo_fts(text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
         SELECT coalesce(string_agg(phrase, ' & '), '')::tsquery FROM (
           SELECT array_to_string(parts, ' <-> ') || ':*' AS phrase FROM (
             SELECT array_remove(regexp_split_to_array(trim(lo_words(m[1])), ' +'), '') AS parts
             FROM regexp_matches($1, '"([^"]*)"', 'g') AS m) words
           WHERE cardinality(parts) > 0) phrases
       $$""",
    """CREATE TABLE IF NOT EXISTS contact_search (
        rowid INTEGER PRIMARY KEY REFERENCES contact (id) ON DELETE CASCADE,
        name TEXT NOT NULL DEFAULT '', company TEXT NOT NULL DEFAULT '', position TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', details TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        doc tsvector GENERATED ALWAYS AS (to_tsvector('simple', lo_words(
            name || ' ' || company || ' ' || position || ' ' || location || ' ' || notes || ' ' || details || ' '
            || tags))) STORED)""",
    "CREATE INDEX IF NOT EXISTS contact_search_doc_idx ON contact_search USING gin (doc)",
    """CREATE OR REPLACE VIEW contact_search_doc AS
       SELECT c.id AS id,
              c.full_name || ' ' || c.first_name || ' ' || c.middle_name || ' ' || c.last_name || ' ' || c.name_suffix
                  AS name,
              c.company AS company, c.position AS position, c.location AS location,
              c.notes || ' ' || c.help_them || ' ' || c.help_me AS notes,
              coalesce((SELECT string_agg(f.value, ' ' ORDER BY f.id) FROM contact_field f
                        WHERE f.contact_id = c.id), '') AS details,
              coalesce((SELECT string_agg(t.name, ' ' ORDER BY t.id) FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
                        WHERE ct.contact_id = c.id), '') AS tags
       FROM contact c""",
    """CREATE OR REPLACE FUNCTION lo_search_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
         INSERT INTO contact_search (rowid, name, company, position, location, notes, details, tags)
         SELECT id, name, company, position, location, notes, details, tags FROM contact_search_doc
         WHERE id = ANY(ids)
         ON CONFLICT (rowid) DO UPDATE SET name = EXCLUDED.name, company = EXCLUDED.company,
             position = EXCLUDED.position, location = EXCLUDED.location, notes = EXCLUDED.notes,
             details = EXCLUDED.details, tags = EXCLUDED.tags
       $$""",
    """CREATE OR REPLACE FUNCTION lo_contact_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM lo_search_refresh(ARRAY(SELECT DISTINCT id FROM changed));
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION lo_detail_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM lo_search_refresh(ARRAY(SELECT DISTINCT contact_id FROM changed));
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION lo_detail_search_old() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM lo_search_refresh(ARRAY(SELECT DISTINCT contact_id FROM gone));
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION lo_tag_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM lo_search_refresh(ARRAY(SELECT DISTINCT ct.contact_id FROM contact_tag ct
                                         JOIN changed t ON t.id = ct.tag_id));
         RETURN NULL;
       END $$""",
    # Statement-level triggers with transition tables: an import of thousands of contacts refreshes the search
    # table once per statement, not once per row.
    """CREATE OR REPLACE TRIGGER contact_search_ai AFTER INSERT ON contact
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_contact_search()""",
    """CREATE OR REPLACE TRIGGER contact_search_au AFTER UPDATE ON contact
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_contact_search()""",
    """CREATE OR REPLACE TRIGGER contact_field_search_ai AFTER INSERT ON contact_field
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search()""",
    """CREATE OR REPLACE TRIGGER contact_field_search_au AFTER UPDATE ON contact_field
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search()""",
    """CREATE OR REPLACE TRIGGER contact_field_search_au_old AFTER UPDATE ON contact_field
       REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search_old()""",
    """CREATE OR REPLACE TRIGGER contact_field_search_ad AFTER DELETE ON contact_field
       REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search_old()""",
    """CREATE OR REPLACE TRIGGER contact_tag_search_ai AFTER INSERT ON contact_tag
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search()""",
    """CREATE OR REPLACE TRIGGER contact_tag_search_ad AFTER DELETE ON contact_tag
       REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search_old()""",
    """CREATE OR REPLACE TRIGGER tag_search_au AFTER UPDATE ON tag
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_tag_search()""",
]
