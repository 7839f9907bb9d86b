-- kronika PostgreSQL schema, version 1: the SQLite schema's tables and column names.
-- Sorted/compared text columns use COLLATE "C" so order and id-prefix ranges are byte order,
-- as in SQLite, whatever the server's default locale.
CREATE TABLE articles (
    id TEXT COLLATE "C" PRIMARY KEY,
    title TEXT,
    authors JSONB NOT NULL DEFAULT '[]',
    agency TEXT,
    publisher TEXT,
    published TEXT COLLATE "C",               -- YYYY-MM-DD
    url TEXT,
    language TEXT,
    text TEXT NOT NULL,
    headings JSONB NOT NULL DEFAULT '[]',     -- [[start, end], ...]
    metadata JSONB NOT NULL DEFAULT '{}',
    source TEXT,
    ingested_at TEXT NOT NULL,
    -- full-text search: title weighted above body; 'english' stems like SQLite's porter tokenizer
    tsv TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', text), 'B')
    ) STORED
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_tsv ON articles USING GIN (tsv);
CREATE INDEX articles_source_id ON articles ((metadata->>'source_id'));

CREATE TABLE quotes (
    id TEXT COLLATE "C" PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
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

CREATE TABLE events (
    id TEXT COLLATE "C" PRIMARY KEY,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    mode TEXT,
    status TEXT NOT NULL,
    date_start TEXT COLLATE "C",
    date_end TEXT COLLATE "C",
    date_precision TEXT,
    location_name TEXT,
    country_code TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    geonameid BIGINT,
    actors TEXT,                              -- names, for filtering: "|name|name|"
    -- the exported event verbatim: json, not jsonb, keeps its key order (docs/schema.md) in exports
    record JSON NOT NULL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_type ON events(type);

CREATE TABLE entities (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases JSONB NOT NULL DEFAULT '[]',
    attributes JSONB NOT NULL DEFAULT '{}',
    articles INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    entity_id TEXT COLLATE "C",
    PRIMARY KEY (article_id, start, "end")
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- newest first, like SQLite's rowid
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);

-- Entity merge done in SQL so INSERT ... ON CONFLICT DO UPDATE is one atomic statement under
-- concurrent writers. Same rules as SQLiteStore._upsert_entity: aliases = sorted union (byte order);
-- list attributes = old items then new ones, deduplicated in order; a scalar fills only a missing/null key.
CREATE FUNCTION kronika_merge_aliases(old JSONB, new JSONB) RETURNS JSONB
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_agg(DISTINCT a ORDER BY a), '[]'::jsonb)
    FROM (SELECT x COLLATE "C" AS a FROM jsonb_array_elements_text(coalesce(old, '[]') || coalesce(new, '[]')) x) s
$$;

CREATE FUNCTION kronika_merge_attributes(old JSONB, new JSONB) RETURNS JSONB
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(old, '{}') || coalesce(jsonb_object_agg(n.key, CASE
        WHEN jsonb_typeof(n.value) = 'array' THEN (
            SELECT coalesce(jsonb_agg(d.e ORDER BY d.first), '[]'::jsonb)
            FROM (SELECT t.e, min(t.ord) AS first
                  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(old -> n.key) = 'array'
                                                 THEN old -> n.key ELSE '[]' END || n.value)
                       WITH ORDINALITY AS t(e, ord)
                  GROUP BY t.e) d)
        ELSE n.value END), '{}')
    FROM jsonb_each(coalesce(new, '{}')) n
    WHERE jsonb_typeof(n.value) = 'array'
       OR (jsonb_typeof(n.value) <> 'null' AND coalesce(jsonb_typeof(old -> n.key), 'null') = 'null')
$$;
