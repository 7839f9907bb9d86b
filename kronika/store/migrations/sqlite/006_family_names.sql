-- v6: a person's name written family name first ("Kim Jong Un", "Xi Jinping") now has its first word as the
-- surname (extract.name_order), so a later "Kim" or "Xi" finds the person. Entity nodes keyed the old way
-- would split one person in two: the entity part of the record is dropped and every article queued again
-- (the next resolution step rebuilds it; event reports already clustered are not compared again).
DELETE FROM entity_nodes;
DELETE FROM entity_clusters;
DELETE FROM entity_names;
UPDATE article_entities SET node_key = NULL;
INSERT INTO resolution_pending (article_id) SELECT id FROM articles WHERE true ON CONFLICT DO NOTHING;
