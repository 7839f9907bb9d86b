-- kronika SQLite schema, version 1.
-- Column names latitude/longitude are the ones Datasette and GIS tools recognise.
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    title TEXT,
    authors TEXT NOT NULL DEFAULT '[]',      -- JSON list
    agency TEXT,
    publisher TEXT,
    published TEXT,                           -- YYYY-MM-DD
    url TEXT,
    language TEXT,
    text TEXT NOT NULL,
    headings TEXT NOT NULL DEFAULT '[]',     -- JSON [[start, end], ...]
    metadata TEXT NOT NULL DEFAULT '{}',     -- JSON
    source TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;

CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'partial', 'indirect')),
    cue TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    speaker_text TEXT,
    speaker_name TEXT,
    speaker_entity_id TEXT
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_name);
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker_name, content='quotes', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker_name) VALUES (new.rowid, new.text, new.speaker_name);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) VALUES ('delete', old.rowid, old.text, old.speaker_name);
END;

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    mode TEXT,
    status TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    date_precision TEXT,
    location_name TEXT,
    country_code TEXT,
    latitude REAL,
    longitude REAL,
    geonameid INTEGER,
    actors TEXT,                              -- names, for filtering: "|name|name|"
    record TEXT NOT NULL                      -- the exported event, JSON
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_type ON events(type);

CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    attributes TEXT NOT NULL DEFAULT '{}',
    articles INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    entity_id TEXT,
    PRIMARY KEY (article_id, start, "end")
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE failures (
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
