-- v5: an event cluster's place country and its reports' statuses as narrow columns, so that the filters and
-- the facet counts of real events read columns, not every cluster's JSON record and member report.
ALTER TABLE event_clusters ADD COLUMN country TEXT;              -- the cluster's place's country code
ALTER TABLE event_clusters ADD COLUMN statuses TEXT NOT NULL DEFAULT '|';  -- "|alleged|occurred|"
UPDATE event_clusters SET country = json_extract(record, '$.location.country_code'),
    statuses = '|' || coalesce((SELECT group_concat(value, '|') FROM json_each(record, '$.statuses')), '') || '|'
    WHERE true;
UPDATE event_clusters SET statuses = '|' WHERE statuses = '||';
CREATE INDEX event_clusters_type_country ON event_clusters(type, country);
