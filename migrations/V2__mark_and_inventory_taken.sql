-- Wave 2, first migration. Marks the file as cartstore's in SQLite's header
-- (`application_id`, "CaSt"), so that opening can tell a cartstore database from another
-- application's and refuse the latter untouched.
PRAGMA application_id = 1130451828;
