/**
 * Name search ignores case and accents, on the embedded database and on a
 * server alike, and the trigram index over the unaccented name serves it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { abrirBaseDeDatos, type BaseDeDatos, migrar } from '../src/index.ts';
import { nombreContiene } from '../src/paginas.ts';
import { bases, conBaseDeDatos, nuevoCliente, nuevoProducto, unico, valor } from './apoyo.ts';

const primera = { pagina: 1, limite: 50 } as const;

/**
 * What unaccent.rules does to the characters the property draws from, and to
 * nothing else: those characters map the same on PostgreSQL 15 and on PGlite.
 */
const SIN_ACENTOS: Readonly<Record<string, string>> = {
  á: 'a',
  à: 'a',
  â: 'a',
  ä: 'a',
  ã: 'a',
  Á: 'A',
  À: 'A',
  Ä: 'A',
  é: 'e',
  è: 'e',
  ê: 'e',
  É: 'E',
  È: 'E',
  í: 'i',
  ï: 'i',
  Í: 'I',
  ó: 'o',
  ö: 'o',
  Ó: 'O',
  Ö: 'O',
  ú: 'u',
  ü: 'u',
  Ú: 'U',
  Ü: 'U',
  ñ: 'n',
  Ñ: 'N',
  ç: 'c',
  Ç: 'C',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  '％': '%',
  '＿': '_',
  '＼': '\\',
};

const modelo = (texto: string) => [...texto].map((c) => SIN_ACENTOS[c] ?? c).join('');
/** What the search promises: a case-insensitive substring once accents are gone. */
const contiene = (nombre: string, busqueda: string) =>
  modelo(nombre).toLowerCase().includes(modelo(busqueda).toLowerCase());

/** Few characters, so that a random search often does occur in a random name. */
const caracter = fc.constantFrom(...'aAnNeEsS %_\\', ...Object.keys(SIN_ACENTOS));
const texto = (maximo: number) => fc.array(caracter, { minLength: 1, maxLength: maximo }).map((cs) => cs.join(''));

describe.each(bases())('name search on $nombre', ({ url }) => {
  const entorno = conBaseDeDatos(url);

  const nombresDeClientes = async (busqueda: string) =>
    valor(await entorno().clientes.listar({ nombre: busqueda }, primera)).items.map((c) => c.nombre);
  const nombresDeProductos = async (busqueda: string) =>
    valor(await entorno().productos.listar({ nombre: busqueda }, primera)).items.map((p) => p.nombre);

  it('a cliente is found without its accents and in another case', async () => {
    const marca = `Bq${unico()}`;
    const { clientes } = entorno();
    const conAcento = valor(await clientes.registrar(nuevoCliente(`Ana Pérez ${marca}`)));
    const sinAcento = valor(await clientes.registrar(nuevoCliente(`ana perez ${marca}`)));
    valor(await clientes.registrar(nuevoCliente(`Ana Paz ${marca}`)));
    const ambos = [sinAcento.nombre, conAcento.nombre];
    expect(await nombresDeClientes(`perez ${marca}`)).toEqual(ambos);
    expect(await nombresDeClientes(`PÉREZ ${marca}`)).toEqual(ambos);
    expect(await nombresDeClientes(`pÈrEz ${marca}`)).toEqual(ambos);
    expect(valor(await clientes.listar({ nombre: `pérez ${marca.toUpperCase()}` }, primera)).total).toBe(2);
  });

  it('a producto is found without its accents and in another case', async () => {
    const marca = `Bq${unico()}`;
    const { productos } = entorno();
    for (const nombre of [`Café ${marca}`, `CAFÉ ${marca} molido`, `cafe ${marca}`, `Cafetera ${marca}`]) {
      valor(await productos.registrar(nuevoProducto({ nombre })));
    }
    expect(await nombresDeProductos(`cafe ${marca}`)).toEqual([
      `cafe ${marca}`,
      `CAFÉ ${marca} molido`,
      `Café ${marca}`,
    ]);
    expect(await nombresDeProductos(`CAFÉ ${marca}`)).toEqual(await nombresDeProductos(`cafe ${marca}`));
    expect(await nombresDeProductos(`${marca} MOLIDO`)).toEqual([`CAFÉ ${marca} molido`]);
  });

  it('ñ counts as n, in the name and in the search (as unaccent does)', async () => {
    const marca = `Bq${unico()}`;
    const { clientes } = entorno();
    const pena = valor(await clientes.registrar(nuevoCliente(`Pena ${marca}`)));
    const peña = valor(await clientes.registrar(nuevoCliente(`PEÑA ${marca}`)));
    const ambos = [peña.nombre, pena.nombre];
    expect(await nombresDeClientes(`pena ${marca}`)).toEqual(ambos);
    expect(await nombresDeClientes(`peña ${marca}`)).toEqual(ambos);
    expect(await nombresDeClientes(`PEÑA ${marca}`)).toEqual(ambos);
  });

  it('LIKE wildcards are ordinary characters, those unaccent produces too', async () => {
    const marca = `Bq${unico()}`;
    const { productos } = entorno();
    for (const nombre of [`${marca} 100%`, `${marca} 1000`, `${marca} a_b`, `${marca} axb`, `${marca} c\\d`]) {
      valor(await productos.registrar(nuevoProducto({ nombre })));
    }
    expect(await nombresDeProductos(`${marca} 100%`)).toEqual([`${marca} 100%`]);
    expect(await nombresDeProductos(`${marca} 1%0`)).toEqual([]);
    expect(await nombresDeProductos(`${marca} a_b`)).toEqual([`${marca} a_b`]);
    expect(await nombresDeProductos(`${marca} c\\d`)).toEqual([`${marca} c\\d`]);
    expect(await nombresDeProductos(`${marca} c\\`)).toEqual([`${marca} c\\d`]);
    // Fullwidth ％ ＿ ＼ become % _ \ without their accents, and those must still be literal.
    expect(await nombresDeProductos(`${marca} 100％`)).toEqual([`${marca} 100%`]);
    expect(await nombresDeProductos(`${marca} 1％0`)).toEqual([]);
    expect(await nombresDeProductos(`${marca} a＿b`)).toEqual([`${marca} a_b`]);
    expect(await nombresDeProductos(`${marca} c＼d`)).toEqual([`${marca} c\\d`]);
  });

  it('matches exactly when the search, without accents or case, is a substring of the name', async () => {
    const { db } = entorno();
    const coincide = async (nombre: string, busqueda: string) => {
      const [fila] = await db.sql<{ si: boolean }[]>`
        SELECT ${nombreContiene(db.sql, busqueda)} AS si FROM (VALUES (${nombre}::text)) AS t (nombre)`;
      return fila?.si;
    };
    const casos = fc.oneof(
      fc.tuple(texto(12), texto(4)),
      // A search cut out of the name, with its accents and case changed at random.
      fc
        .tuple(texto(12), fc.nat(), fc.nat(), fc.array(fc.boolean(), { maxLength: 12 }))
        .map(([nombre, a, b, cambios]): [string, string] => {
          const cs = [...nombre];
          const desde = a % cs.length;
          const trozo = cs.slice(desde, desde + 1 + (b % (cs.length - desde)));
          const busqueda = trozo.map((c, i) => {
            const base = modelo(c);
            const otro = cambios[i] === true ? base.toUpperCase() : base.toLowerCase();
            return base.length === 1 ? otro : c;
          });
          return [nombre, busqueda.join('')];
        }),
    );
    await fc.assert(
      fc.asyncProperty(casos, async ([nombre, busqueda]) => {
        expect(await coincide(nombre, busqueda)).toBe(contiene(nombre, busqueda));
      }),
      { numRuns: 200 },
    );
  });

  it('the list and the count of a selective filter read the trigram index, over 20,000 analysed rows', async () => {
    const { db } = entorno();
    await enBaseNueva(db, url, async (nueva) => {
      await nueva.sql.unsafe(SEMBRAR_CLIENTES);
      await nueva.sql`ANALYZE clientes`;
      const condicion = nombreContiene(nueva.sql, 'ibanez gar');
      const planes = [
        await nueva.sql`
          EXPLAIN (FORMAT JSON) SELECT id, nombre FROM clientes WHERE ${condicion}
          ORDER BY creado_en DESC, id DESC LIMIT ${20} OFFSET ${0}`,
        await nueva.sql`EXPLAIN (FORMAT JSON) SELECT count(*) FROM clientes WHERE ${condicion}`,
      ];
      for (const plan of planes) {
        expect(indicesLeidos(plan)).toEqual(['Bitmap Index Scan on clientes_nombre_sin_acentos']);
      }
      const [{ n } = { n: -1 }] = await nueva.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM clientes WHERE ${condicion}`;
      expect(n).toBeGreaterThan(0);
    });
  });
});

/**
 * 20 000 clientes named "Nombre Apellido Apellido" from common Spanish names,
 * accents included, spread by a hash: about 1 in 40 has each surname, and a
 * given pair of surnames is a few dozen rows.
 */
const SEMBRAR_CLIENTES = `
  WITH n AS (
    SELECT ARRAY['Ana','José','María','Íñigo','Lucía','Andrés','Sofía','Martín','Inés','Raúl','Jesús','Ángela',
                 'Óscar','Begoña','Nuria','Pablo','Carmen','Adrián','Elena','Hugo','Zoe','Iván','Irene','Tomás',
                 'Noelia','Rubén','Alba','Joaquín','Marta','Álvaro'] AS nombres,
           ARRAY['García','Pérez','López','Martínez','Sánchez','Gómez','Fernández','Díaz','Muñoz','Álvarez',
                 'Romero','Jiménez','Ruiz','Hernández','Gutiérrez','Núñez','Ibáñez','Castaño','Peña','Ordóñez',
                 'Vázquez','Ramírez','Suárez','Domínguez','Gil','Molina','Ortega','Delgado','Castro','Rubio',
                 'Marín','Sanz','Iglesias','Medina','Garrido','Cortés','Santos','Lozano','Guerrero','Cano'] AS apellidos
  )
  INSERT INTO clientes (id, nombre, email, creado_en, actualizado_en)
  SELECT gen_random_uuid(),
         nombres[1 + abs(hashint4(i)::bigint) % 30] || ' ' || apellidos[1 + abs(hashint4(-i)::bigint) % 40] || ' ' ||
           apellidos[1 + abs(hashint4(i + 1000000)::bigint) % 40],
         'plan-' || i || '@example.com',
         timestamptz '2030-01-01' + i * interval '1 minute',
         timestamptz '2030-01-01' + i * interval '1 minute'
  FROM n, generate_series(1, 20000) AS i`;

type Nodo = { 'Node Type'?: string; 'Index Name'?: string; Plans?: Nodo[] };

/** The index scans of an `EXPLAIN (FORMAT JSON)` result, as "Node Type on Index Name". */
function indicesLeidos(resultado: readonly Record<string, unknown>[]): string[] {
  // One row of one column, "QUERY PLAN", holding a one-element JSON array.
  const [plan] = Object.values(resultado[0] ?? {}) as [readonly { Plan: Nodo }[] | undefined];
  const nombres: string[] = [];
  const recorrer = (nodo: Nodo) => {
    if (nodo['Index Name'] !== undefined) nombres.push(`${nodo['Node Type']} on ${nodo['Index Name']}`);
    for (const hijo of nodo.Plans ?? []) recorrer(hijo);
  };
  for (const { Plan } of plan ?? []) recorrer(Plan);
  return nombres;
}

/**
 * Runs `trabajo` on a new, migrated database that nothing else uses, so that
 * its rows and statistics are its own, and throws the database away after.
 */
async function enBaseNueva(
  db: BaseDeDatos,
  url: string | undefined,
  trabajo: (nueva: BaseDeDatos) => Promise<void>,
): Promise<void> {
  if (url === undefined) {
    const nueva = await abrirBaseDeDatos();
    try {
      await migrar(nueva.sql);
      await trabajo(nueva);
    } finally {
      await nueva.cerrar();
    }
    return;
  }
  const nombre = `pedidos_plan_${Date.now()}_${unico()}`;
  await db.sql.unsafe(`CREATE DATABASE ${nombre}`);
  const direccion = new URL(url);
  direccion.pathname = `/${nombre}`;
  const nueva = await abrirBaseDeDatos({ url: direccion.href, maxConexiones: 1 });
  try {
    await migrar(nueva.sql);
    await trabajo(nueva);
  } finally {
    await nueva.cerrar();
    await db.sql.unsafe(`DROP DATABASE ${nombre}`);
  }
}
