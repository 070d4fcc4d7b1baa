-- The search language compares addresses by CIDR (`source_ip:10.7.0.0/16`). Address columns are text, and
-- rows stored before addresses were validated may hold anything: this reads one as inet, or NULL.
CREATE FUNCTION vigie_inet(value text) RETURNS inet LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
BEGIN
  IF value IS NULL OR value !~ '^[0-9A-Fa-f:.]+$' THEN
    RETURN NULL;
  END IF;
  RETURN value::inet;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$fn$;
