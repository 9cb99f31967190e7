-- Name search that ignores accents as well as case: "perez" finds "Ana Pérez",
-- "cafe" finds "Café". unaccent is a trusted contrib extension (PostgreSQL 13+),
-- so an owner of the database may create it without being a superuser.

CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;

-- unaccent(text) is only STABLE (it reads its dictionary by name through
-- search_path), so it cannot appear in an index. This wrapper names the
-- dictionary and the function by schema, which makes the result depend on its
-- argument alone and lets it be declared IMMUTABLE, whatever search_path the
-- caller has. Because it is declared IMMUTABLE over a STABLE body it is not
-- inlined, so a query's `public.sin_acentos(nombre)` is the index's expression.
-- It maps what unaccent.rules maps: letters with diacritics to their base
-- letter (é → e, ñ → n, ç → c), ligatures to letters (æ → ae, ß → ss) and
-- fullwidth forms to ASCII (％ → %).
CREATE FUNCTION public.sin_acentos(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Substring search is `public.sin_acentos(nombre) ILIKE <pattern>`. pg_trgm
-- folds case when it extracts trigrams, from the rows and from the pattern
-- alike, so lower() inside the index would not let it find anything more;
-- ILIKE's recheck of the candidate rows does the case folding.
CREATE INDEX clientes_nombre_sin_acentos ON clientes USING gin (public.sin_acentos(nombre) gin_trgm_ops);
CREATE INDEX productos_nombre_sin_acentos ON productos USING gin (public.sin_acentos(nombre) gin_trgm_ops);

-- No query searches the raw nombre any more.
DROP INDEX clientes_nombre_trgm;
DROP INDEX productos_nombre_trgm;
