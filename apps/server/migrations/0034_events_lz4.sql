-- An event row over about 2 KB (most Windows events: the shipper's document in `raw` beside its fields in
-- `normalized`) has its large values compressed by PostgreSQL. With the default method, pglz, that was a
-- sixth of PostgreSQL's time to store a batch of Windows events; lz4 takes about none of it and stores the
-- same size (COPY of 5,000 Windows events: 254–288 ms with pglz, 135–153 ms with lz4, 122–151 ms with no
-- compression; 33, 32 and 43 MB for 15,000). New values only: what is stored stays as it is. Servers built
-- without lz4 (the embedded engine) keep pglz.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
    ALTER TABLE events
      ALTER COLUMN raw SET COMPRESSION lz4,
      ALTER COLUMN normalized SET COMPRESSION lz4,
      ALTER COLUMN metadata SET COMPRESSION lz4,
      ALTER COLUMN message SET COMPRESSION lz4,
      ALTER COLUMN raw_log SET COMPRESSION lz4;
  END IF;
END
$$;
