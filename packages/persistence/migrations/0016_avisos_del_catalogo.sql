-- The catalogue's changes, told to every process that keeps the catalogue in
-- memory (the API's cache in process, docs/decisions/0030): each statement
-- that writes productos sends a notice on `pedidos_catalogo`, at its commit
-- and only then, so that a process told of it and reading again reads the
-- change. A transaction's notices with the same payload fold into one; one
-- that changed nothing in the end (a rollback) sends none.
CREATE FUNCTION avisar_del_catalogo() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pedidos_catalogo', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER productos_avisan AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON productos
  FOR EACH STATEMENT EXECUTE FUNCTION avisar_del_catalogo();
