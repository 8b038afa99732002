-- Earlier versions stored the request body of a failed admin action (passwords included) in the
-- audit log. Replace the value of every secret-named field, at any depth, with "[redacted]";
-- the same field list as redactSecrets in lib/admin/audit.ts. Booleans stay (passwordChanged).
CREATE FUNCTION "wallboard_redact_secrets"(value JSONB) RETURNS JSONB
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  result JSONB;
BEGIN
  IF jsonb_typeof(value) = 'object' THEN
    SELECT COALESCE(jsonb_object_agg(
             field.key,
             CASE
               WHEN field.key ~* 'pass(word|wd|phrase)?$|^pass|pwd|secret|token|api_?key|private_?key|credential|authori[sz]ation|cookie|signature'
                 AND jsonb_typeof(field.value) NOT IN ('boolean', 'null')
               THEN '"[redacted]"'::JSONB
               ELSE "wallboard_redact_secrets"(field.value)
             END), '{}'::JSONB)
      INTO result
      FROM jsonb_each(value) AS field;
    RETURN result;
  ELSIF jsonb_typeof(value) = 'array' THEN
    SELECT COALESCE(jsonb_agg("wallboard_redact_secrets"(item.value) ORDER BY item.position), '[]'::JSONB)
      INTO result
      FROM jsonb_array_elements(value) WITH ORDINALITY AS item(value, position);
    RETURN result;
  END IF;
  RETURN value;
END
$$;

UPDATE "audit_entries"
   SET "before" = "wallboard_redact_secrets"("before"),
       "after" = "wallboard_redact_secrets"("after")
 WHERE "before" IS NOT NULL OR "after" IS NOT NULL;

DROP FUNCTION "wallboard_redact_secrets"(JSONB);
