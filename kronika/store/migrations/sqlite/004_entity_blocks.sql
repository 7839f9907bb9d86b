-- v4: entity nodes carry the block they are resolved within (resolve.entities.node_block), so a resolution
-- step loads the blocks its articles touch instead of every node. Blocks cannot be computed in SQL: the
-- entity part of the record is dropped and every article queued again (the next step rebuilds it; event
-- reports already clustered are not compared again).
ALTER TABLE entity_nodes ADD COLUMN block TEXT NOT NULL DEFAULT '';
CREATE INDEX entity_nodes_block ON entity_nodes(block);
-- a node row keeps how many articles name it, not their ids: a cluster's distinct articles are counted here
DROP INDEX article_entities_node;
CREATE INDEX article_entities_node ON article_entities(type, node_key, article_id);
DELETE FROM entity_nodes;
DELETE FROM entity_clusters;
DELETE FROM entity_names;
UPDATE article_entities SET node_key = NULL;
INSERT INTO resolution_pending (article_id) SELECT id FROM articles WHERE true ON CONFLICT DO NOTHING;
