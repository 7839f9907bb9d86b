-- version 3: the record across articles kept in the store and updated after every batch (kronika/resolution.py).
-- Articles stored but not yet resolved; write() adds a row in the article's own transaction, the resolution
-- step deletes it in the transaction that writes what the article changed. Existing articles start pending.
CREATE TABLE resolution_pending (article_id TEXT PRIMARY KEY);
INSERT INTO resolution_pending (article_id) SELECT id FROM articles;
CREATE TABLE resolution_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO resolution_meta (key, value) VALUES ('generation', 0);  -- +1 per resolution step (cache check)

-- events: blocks ("TYPE:week" -> report), pairwise links, report -> cluster, and each cluster's record
CREATE TABLE event_blocks (block TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (block, event_id)) WITHOUT ROWID;
CREATE TABLE event_links (a TEXT NOT NULL, b TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX event_links_b ON event_links(b);
-- report: the comparable form of the report (resolve.events.report) as JSON, valid for the rules of version
-- report_version: a later report is compared with it without reading and parsing its record again
CREATE TABLE event_cluster_members (event_id TEXT PRIMARY KEY, cluster_id TEXT NOT NULL, report TEXT,
                                    report_version TEXT);
CREATE INDEX event_cluster_members_cluster ON event_cluster_members(cluster_id);
CREATE TABLE event_clusters (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    date_start TEXT,
    countries TEXT NOT NULL DEFAULT '|',      -- "|BY|LT|": the place's and the actors' countries
    reports INTEGER NOT NULL,
    sources INTEGER NOT NULL,                 -- distinct articles
    disputed INTEGER NOT NULL DEFAULT 0,
    record TEXT NOT NULL                      -- resolve.events.cluster_record(), JSON
);
CREATE INDEX event_clusters_date ON event_clusters(date_start);

-- entities: one node per distinct (type, name key) with its resolver state, the global id it resolves to,
-- each global entity's exported record, and the name keys it is found by
CREATE TABLE entity_nodes (
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    state TEXT NOT NULL,                      -- EntityResolver node state, JSON
    gen INTEGER NOT NULL,                     -- the resolution step that last wrote the row
    PRIMARY KEY (type, key)
);
CREATE INDEX entity_nodes_entity ON entity_nodes(entity_id);
CREATE INDEX entity_nodes_gen ON entity_nodes(gen);
CREATE TABLE entity_clusters (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    record TEXT NOT NULL                      -- EntityResolver cluster record, JSON
) WITHOUT ROWID;
CREATE INDEX entity_clusters_rank ON entity_clusters(type, mentions);
CREATE TABLE entity_names (key TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (key, entity_id)) WITHOUT ROWID;
CREATE INDEX entity_names_entity ON entity_names(entity_id);
ALTER TABLE article_entities ADD COLUMN node_key TEXT;  -- the resolver node of this in-article entity
CREATE INDEX article_entities_node ON article_entities(type, node_key);
CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity_id);
