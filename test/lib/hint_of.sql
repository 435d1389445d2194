-- test/lib/hint_of.sql, read by tests with \ir: the hint of the error a
-- command raises (NULL when it raises none), for tests that check what a
-- refusal tells the user to do next.
CREATE FUNCTION pg_temp.hint_of(command text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    hint text;
BEGIN
    EXECUTE command;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS hint = PG_EXCEPTION_HINT;
    RETURN hint;
END
$$;
