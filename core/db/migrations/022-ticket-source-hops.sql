-- The hops a ticket's source counted where the path itself is not known: a ticket list
-- with a reassignment count (ITSM's reassignment_count; Zendesk's group_stations - 1).
-- NULL where the source gives none. See docs/data-model.md.
ALTER TABLE tickets ADD COLUMN source_hops INTEGER;
