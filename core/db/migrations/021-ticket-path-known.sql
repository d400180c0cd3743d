-- Whether a ticket's group path is known. A ticket list that carries only each ticket's
-- final group (a snapshot) cannot tell how often a ticket moved: its hops are unknown, not
-- 0. NULL is read as true (known). One ALTER per migration: DuckDB refuses to commit two
-- alterations of one table in a transaction. See docs/data-model.md.
ALTER TABLE tickets ADD COLUMN path_known BOOLEAN DEFAULT true;
