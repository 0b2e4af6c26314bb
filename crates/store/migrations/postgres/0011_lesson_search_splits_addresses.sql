-- The lessons search finds the words inside e-mail addresses, web addresses
-- and file paths, as SQLite's FTS5 tokenizer does: PostgreSQL's parser keeps
-- `liisa.virtanen@tampere.fi` or `/srv/jako/budjetti_2024.xlsx` as one token,
-- so `tampere` or `budjetti` found nothing. ASCII punctuation becomes a space
-- before the text is parsed (a fixed character range, not [:punct:] or
-- [:alnum:], whose meaning depends on the database's locale). The search
-- words never hold punctuation (kumppani_domain::lesson::SearchTerms), so no
-- query loses a match. A generated column's expression cannot be altered on
-- PostgreSQL 15, so the column (and its index) is made anew.
ALTER TABLE lessons DROP COLUMN search;
ALTER TABLE lessons ADD COLUMN search TSVECTOR GENERATED ALWAYS AS (
    setweight(to_tsvector('finnish', regexp_replace(title, '[!-/:-@[-`{-~]+', ' ', 'g')), 'A') ||
    setweight(to_tsvector('simple', regexp_replace(title, '[!-/:-@[-`{-~]+', ' ', 'g')), 'A') ||
    setweight(to_tsvector('finnish', regexp_replace(happened || ' ' || advice, '[!-/:-@[-`{-~]+', ' ', 'g')), 'B') ||
    setweight(to_tsvector('simple', regexp_replace(happened || ' ' || advice, '[!-/:-@[-`{-~]+', ' ', 'g')), 'B')
) STORED;
CREATE INDEX lessons_search ON lessons USING GIN (search);
