-- version 2: what cross-article resolution replays (per-article entities) and the user's corrections.
CREATE TABLE article_entities (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id TEXT COLLATE "C" NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    aliases JSONB NOT NULL DEFAULT '[]',
    attributes JSONB NOT NULL DEFAULT '{}',
    mentions INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, entity_id)
);
CREATE TABLE entity_corrections (
    seq BIGSERIAL PRIMARY KEY,
    rule TEXT NOT NULL UNIQUE,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
