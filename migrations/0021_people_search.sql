-- Finding people by name whatever the accents and capitals typed (« lefevre » finds Lefèvre,
-- « helene » Hélène), through a full-text index instead of scanning every name: SQLite's FTS5
-- with the unicode61 tokenizer folding diacritics, over the names kept in `persons`
-- (external content: the index stores no second copy of the names). Each word typed matches
-- the beginning of a word of the first or last name; `prefix` keeps short beginnings fast.
-- The tokenizer folds accents but keeps the ligatures œ, æ and ß: the names are indexed with
-- them spelt out (« Lætitia Bœuf » as « Laetitia Boeuf »), as `text::fold` and the search's query
-- spell them (`people::name_query`). The view is what the index holds for each person.
CREATE VIEW persons_search_source AS
SELECT id,
       replace(replace(replace(replace(replace(first_name, 'œ', 'oe'), 'Œ', 'Oe'), 'æ', 'ae'),
               'Æ', 'Ae'), 'ß', 'ss') AS first_name,
       replace(replace(replace(replace(replace(last_name, 'œ', 'oe'), 'Œ', 'Oe'), 'æ', 'ae'),
               'Æ', 'Ae'), 'ß', 'ss') AS last_name
FROM persons;

CREATE VIRTUAL TABLE persons_search USING fts5(
    first_name, last_name,
    content = 'persons_search_source', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO persons_search(persons_search) VALUES ('rebuild');
-- An erased name leaves the index at once, not at the next merge of its pages.
INSERT INTO persons_search(persons_search, rank) VALUES ('secure-delete', 1);

-- The index follows every change of a name, whoever writes it (erasure included), with the same
-- spelling as the view.
CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN
    INSERT INTO persons_search(rowid, first_name, last_name)
    SELECT id, first_name, last_name FROM persons_search_source WHERE id = new.id;
END;
CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN
    INSERT INTO persons_search(persons_search, rowid, first_name, last_name)
    VALUES ('delete', old.id,
            replace(replace(replace(replace(replace(old.first_name, 'œ', 'oe'), 'Œ', 'Oe'), 'æ', 'ae'), 'Æ', 'Ae'), 'ß', 'ss'),
            replace(replace(replace(replace(replace(old.last_name, 'œ', 'oe'), 'Œ', 'Oe'), 'æ', 'ae'), 'Æ', 'Ae'), 'ß', 'ss'));
END;
CREATE TRIGGER persons_search_update AFTER UPDATE OF first_name, last_name ON persons BEGIN
    INSERT INTO persons_search(persons_search, rowid, first_name, last_name)
    VALUES ('delete', old.id,
            replace(replace(replace(replace(replace(old.first_name, 'œ', 'oe'), 'Œ', 'Oe'), 'æ', 'ae'), 'Æ', 'Ae'), 'ß', 'ss'),
            replace(replace(replace(replace(replace(old.last_name, 'œ', 'oe'), 'Œ', 'Oe'), 'æ', 'ae'), 'Æ', 'Ae'), 'ß', 'ss'));
    INSERT INTO persons_search(rowid, first_name, last_name)
    SELECT id, first_name, last_name FROM persons_search_source WHERE id = new.id;
END;

-- Phone numbers are searched in their national form whatever way they were typed:
-- +33 6 12 34 56 78, 0033 6…, 06 12 34 56 78 are all 0612345678.
UPDATE persons SET phone_digits = '0' || substr(phone_digits, 5)
 WHERE phone_digits LIKE '0033%' AND length(phone_digits) = 13;
UPDATE persons SET phone_digits = '0' || substr(phone_digits, 3)
 WHERE phone_digits LIKE '33%' AND length(phone_digits) = 11;
