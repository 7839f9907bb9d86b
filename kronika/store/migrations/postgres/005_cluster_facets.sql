-- v5: an event cluster's place country and its reports' statuses as narrow columns, so that the filters and
-- the facet counts of real events read columns, not every cluster's JSON record and member report.
ALTER TABLE event_clusters ADD COLUMN country TEXT COLLATE "C";
ALTER TABLE event_clusters ADD COLUMN statuses TEXT NOT NULL DEFAULT '|';
UPDATE event_clusters SET country = record::json #>> '{location,country_code}',
    statuses = '|' || coalesce((SELECT string_agg(x, '|') FROM json_array_elements_text(record::json -> 'statuses') x),
                               '') || '|';
UPDATE event_clusters SET statuses = '|' WHERE statuses = '||';
CREATE INDEX event_clusters_type_country ON event_clusters(type, country);
