-- test/lib/hint_of.sql, read by tests with \ir: the hint of the error a
-- command raises, for tests that check what a refusal tells the user to do
-- next; NULL when it raises none, and the SQLSTATE and message when it
-- raises another error than the one expected (by default 55000).
CREATE FUNCTION pg_temp.hint_of(command text, expected text DEFAULT '55000') RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    state text;
    message text;
    hint text;
BEGIN
    EXECUTE command;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
    RETURN CASE WHEN state = expected THEN hint ELSE format('unexpected %s: %s', state, message) END;
END
$$;
