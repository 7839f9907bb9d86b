-- version 3: the record across articles kept in the store and updated after every batch (kronika/resolution.py).
-- Articles stored but not yet resolved; write() adds a row in the article's own transaction, the resolution
-- step (one at a time: advisory lock) deletes it in the transaction that writes what the article changed.
CREATE TABLE resolution_pending (article_id TEXT COLLATE "C" PRIMARY KEY);
INSERT INTO resolution_pending (article_id) SELECT id FROM articles;
CREATE TABLE resolution_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
INSERT INTO resolution_meta (key, value) VALUES ('generation', 0);

CREATE TABLE event_blocks (block TEXT COLLATE "C" NOT NULL, event_id TEXT COLLATE "C" NOT NULL,
                           PRIMARY KEY (block, event_id));
CREATE TABLE event_links (a TEXT COLLATE "C" NOT NULL, b TEXT COLLATE "C" NOT NULL, reason TEXT NOT NULL,
                          PRIMARY KEY (a, b));
CREATE INDEX event_links_b ON event_links(b);
CREATE TABLE event_cluster_members (event_id TEXT COLLATE "C" PRIMARY KEY, cluster_id TEXT COLLATE "C" NOT NULL,
                                    report TEXT, report_version TEXT);
CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id);
CREATE TABLE event_clusters (
    id TEXT COLLATE "C" PRIMARY KEY,
    type TEXT NOT NULL,
    date_start TEXT COLLATE "C",
    countries TEXT NOT NULL DEFAULT '|',
    reports INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    disputed INTEGER NOT NULL DEFAULT 0,
    record TEXT NOT NULL
);
CREATE INDEX event_clusters_date ON event_clusters(date_start);

CREATE TABLE entity_nodes (
    type TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    entity_id TEXT COLLATE "C" NOT NULL,
    state TEXT NOT NULL,
    gen BIGINT NOT NULL,
    PRIMARY KEY (type, key)
);
CREATE INDEX entity_nodes_entity ON entity_nodes(entity_id);
CREATE INDEX entity_nodes_gen ON entity_nodes(gen);
CREATE TABLE entity_clusters (
    id TEXT COLLATE "C" PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX entity_clusters_rank ON entity_clusters(type, mentions);
CREATE TABLE entity_names (key TEXT COLLATE "C" NOT NULL, entity_id TEXT COLLATE "C" NOT NULL,
                           PRIMARY KEY (key, entity_id));
CREATE INDEX entity_names_entity ON entity_names(entity_id);
ALTER TABLE article_entities ADD COLUMN node_key TEXT COLLATE "C";
CREATE INDEX article_entities_node ON article_entities(type, node_key);
CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity_id);
