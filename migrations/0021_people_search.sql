-- Finding people by name whatever the accents and capitals typed (« lefevre » finds Lefèvre,
-- « helene » Hélène), through a full-text index instead of scanning every name: SQLite's FTS5
-- with the unicode61 tokenizer folding diacritics, over the names kept in `persons`
-- (external content: the index stores no second copy of the names). Each word typed matches
-- the beginning of a word of the first or last name; `prefix` keeps short beginnings fast.
CREATE VIRTUAL TABLE persons_search USING fts5(
    first_name, last_name,
    content = 'persons', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
INSERT INTO persons_search(persons_search) VALUES ('rebuild');
-- An erased name leaves the index at once, not at the next merge of its pages.
INSERT INTO persons_search(persons_search, rank) VALUES ('secure-delete', 1);

-- The index follows every change of a name, whoever writes it (erasure included).
CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN
    INSERT INTO persons_search(rowid, first_name, last_name)
    VALUES (new.id, new.first_name, new.last_name);
END;
CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN
    INSERT INTO persons_search(persons_search, rowid, first_name, last_name)
    VALUES ('delete', old.id, old.first_name, old.last_name);
END;
CREATE TRIGGER persons_search_update AFTER UPDATE OF first_name, last_name ON persons BEGIN
    INSERT INTO persons_search(persons_search, rowid, first_name, last_name)
    VALUES ('delete', old.id, old.first_name, old.last_name);
    INSERT INTO persons_search(rowid, first_name, last_name)
    VALUES (new.id, new.first_name, new.last_name);
END;

-- Phone numbers are searched in their national form whatever way they were typed:
-- +33 6 12 34 56 78, 0033 6…, 06 12 34 56 78 are all 0612345678.
UPDATE persons SET phone_digits = '0' || substr(phone_digits, 5)
 WHERE phone_digits LIKE '0033%' AND length(phone_digits) = 13;
UPDATE persons SET phone_digits = '0' || substr(phone_digits, 3)
 WHERE phone_digits LIKE '33%' AND length(phone_digits) = 11;
