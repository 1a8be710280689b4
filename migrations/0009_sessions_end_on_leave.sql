-- An employee who leaves loses their portal sessions at once, whichever path marks them `left`
-- (an update, an import row, a sync import), and the sessions do not come back if they return.
CREATE FUNCTION end_sessions_of_leaver() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE refresh_tokens SET revoked_at = now()
  WHERE tenant_id = NEW.tenant_id AND employee_id = NEW.id AND revoked_at IS NULL;
  RETURN NULL;
END
$$;

CREATE TRIGGER employees_end_sessions_on_leave
  AFTER UPDATE OF status ON employees
  FOR EACH ROW
  WHEN (NEW.status = 'left' AND OLD.status IS DISTINCT FROM 'left')
  EXECUTE FUNCTION end_sessions_of_leaver();
