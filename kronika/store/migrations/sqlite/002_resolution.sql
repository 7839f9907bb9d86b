-- version 2: what cross-article resolution replays (per-article entities) and the user's corrections.
CREATE TABLE article_entities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,                 -- the in-article entity id (hash of type and name)
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    attributes TEXT NOT NULL DEFAULT '{}',
    mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, entity_id)
);
CREATE TABLE entity_corrections (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    rule TEXT NOT NULL UNIQUE,               -- JSON {"op": "merge"|"split", ...}
    at TEXT NOT NULL
);
