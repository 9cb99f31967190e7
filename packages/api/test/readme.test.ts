/**
 * README.md's walk-through, run against the service: each step is a ```sh block
 * of `curl -i` commands (and `NAME=value` lines), and each command is answered
 * by the next ```http block: the status line, a selection of headers, and the
 * JSON body. A step fails when the service answers anything else.
 *
 * What the README shows is compared exactly, but for
 * - ids: a UUID in the README stands for the id the service gave at the same
 *   place of its answer; later on, in answers and in commands, it must be that
 *   same id, and two different ids in the README are two different ids;
 *   an access token (a JWT) likewise;
 * - `NAME=<what the reader supplies>`: a value the README cannot know (the
 *   password `pnpm start` printed), which this test supplies by `NAME`;
 * - instants: an ISO 8601 instant in the README matches any instant;
 * - `...` (or `…`) in a body: as a value, any value; among an object's fields,
 *   any further fields; among an array's elements, any further elements.
 * Headers not shown are not compared; a body left out is not compared.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { textoOpenApi } from '../src/openapi.ts';
import { conServicio } from './apoyo.ts';

const TEXTO_README = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
const TITULO = '## A walk through the API';
/** The section whose blocks `readme-stream.test.ts` runs (with bash, node and the broker) rather than this test. */
const TITULO_DEL_STREAM = '## The event stream and the payment webhook';

// ---------------------------------------------------------------- the README's code blocks

type Bloque = { readonly lenguaje: string; readonly texto: string; readonly linea: number };

/** The fenced code blocks of a Markdown text, each with the line its text starts on (from 1). */
function bloques(texto: string): Bloque[] {
  const lineas = texto.split('\n');
  const encontrados: Bloque[] = [];
  let abierto: { lenguaje: string; linea: number; cuerpo: string[] } | undefined;
  lineas.forEach((linea, i) => {
    const valla = /^```(\S*)\s*$/.exec(linea);
    if (abierto === undefined) {
      if (valla !== null) abierto = { lenguaje: valla[1] ?? '', linea: i + 2, cuerpo: [] };
    } else if (linea.trimEnd() === '```') {
      encontrados.push({ lenguaje: abierto.lenguaje, texto: abierto.cuerpo.join('\n'), linea: abierto.linea });
      abierto = undefined;
    } else {
      abierto.cuerpo.push(linea);
    }
  });
  if (abierto !== undefined) throw new Error(`README.md: the code block at line ${abierto.linea - 1} is not closed`);
  return encontrados;
}

/** The blocks of the walk-through section, or of the section `titulo`, from its title to the next `## ` title. */
function bloquesDelRecorrido(texto: string, titulo = TITULO): Bloque[] {
  const lineas = texto.split('\n');
  const inicio = lineas.indexOf(titulo);
  if (inicio < 0) throw new Error(`README.md has no "${titulo}" section`);
  const siguiente = lineas.findIndex((l, i) => i > inicio && l.startsWith('## '));
  const fin = siguiente < 0 ? lineas.length : siguiente;
  return bloques(texto).filter((b) => b.linea > inicio && b.linea <= fin);
}

// ---------------------------------------------------------------- shell

/** A shell word: literal text and `$NAME` references, expanded when the step runs. */
type Parte = { readonly texto: string } | { readonly variable: string };
type Palabra = readonly Parte[];

const VARIABLE = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/;

/** The words of one shell line, with quotes, backslashes and `$NAME` read as sh reads them. */
function palabras(linea: string, donde: string): Palabra[] {
  const resultado: Palabra[] = [];
  let actual: Parte[] | undefined;
  // Adjacent texts are one part, so that a word's literal start can be read whole.
  const agregar = (parte: Parte) => {
    actual ??= [];
    const ultima = actual.at(-1);
    if ('texto' in parte && ultima !== undefined && 'texto' in ultima) {
      actual[actual.length - 1] = { texto: ultima.texto + parte.texto };
    } else {
      actual.push(parte);
    }
  };
  const variable = (i: number): number => {
    const leida = VARIABLE.exec(linea.slice(i));
    const nombre = leida?.[1] ?? leida?.[2];
    if (leida === null || nombre === undefined) throw new Error(`${donde}: a lone "$" in: ${linea}`);
    agregar({ variable: nombre });
    return i + leida[0].length;
  };
  let i = 0;
  while (i < linea.length) {
    const c = linea.charAt(i);
    if (c === ' ' || c === '\t') {
      if (actual !== undefined) resultado.push(actual);
      actual = undefined;
      i++;
    } else if (c === '#' && actual === undefined) {
      break;
    } else if (c === "'") {
      const fin = linea.indexOf("'", i + 1);
      if (fin < 0) throw new Error(`${donde}: an unclosed ' in: ${linea}`);
      agregar({ texto: linea.slice(i + 1, fin) });
      i = fin + 1;
    } else if (c === '"') {
      agregar({ texto: '' });
      i++;
      while (linea.charAt(i) !== '"') {
        if (i >= linea.length) throw new Error(`${donde}: an unclosed " in: ${linea}`);
        const d = linea.charAt(i);
        if (d === '\\' && '"\\$`'.includes(linea.charAt(i + 1))) {
          agregar({ texto: linea.charAt(i + 1) });
          i += 2;
        } else if (d === '$') {
          i = variable(i);
        } else if (d === '`') {
          throw new Error(`${donde}: command substitution is not supported: ${linea}`);
        } else {
          agregar({ texto: d });
          i++;
        }
      }
      i++;
    } else if (c === '\\') {
      agregar({ texto: linea.charAt(i + 1) });
      i += 2;
    } else if (c === '$') {
      i = variable(i);
    } else if ('|&;<>()`*?[]{}~'.includes(c)) {
      throw new Error(`${donde}: "${c}" is more shell than the walk-through may use: ${linea}`);
    } else {
      agregar({ texto: c });
      i++;
    }
  }
  if (actual !== undefined) resultado.push(actual);
  return resultado;
}

type Orden =
  | { readonly kind: 'asignar'; readonly nombre: string; readonly valor: Palabra; readonly linea: number }
  | { readonly kind: 'curl'; readonly argumentos: readonly Palabra[]; readonly texto: string; readonly linea: number };

/** The commands of a ```sh block: `NAME=value` and `curl ...`, lines joined at a trailing backslash. */
function ordenes(bloque: Bloque): Orden[] {
  const resultado: Orden[] = [];
  const lineas = bloque.texto.split('\n');
  for (let i = 0; i < lineas.length; i++) {
    const primera = i;
    let logica = lineas[i] ?? '';
    while (logica.endsWith('\\') && i + 1 < lineas.length) {
      i++;
      logica = `${logica.slice(0, -1)} ${(lineas[i] ?? '').trim()}`;
    }
    const linea = bloque.linea + primera;
    const donde = `README.md:${linea}`;
    const leidas = palabras(logica, donde);
    const [orden, ...resto] = leidas;
    if (orden === undefined) continue;
    const inicio = orden[0];
    const asignacion = inicio !== undefined && 'texto' in inicio ? /^([A-Za-z_]\w*)=(.*)$/s.exec(inicio.texto) : null;
    if (asignacion !== null) {
      const [, nombre = '', valor = ''] = asignacion;
      if (resto.length > 0) throw new Error(`${donde}: one assignment a line, and nothing after it`);
      resultado.push({ kind: 'asignar', nombre, valor: [{ texto: valor }, ...orden.slice(1)], linea });
    } else if (orden.length === 1 && inicio !== undefined && 'texto' in inicio && inicio.texto === 'curl') {
      resultado.push({ kind: 'curl', argumentos: resto, texto: logica.trim(), linea });
    } else {
      throw new Error(`${donde}: the walk-through runs only curl and NAME=value lines: ${logica}`);
    }
  }
  return resultado;
}

type Peticion = {
  readonly metodo: string;
  readonly ruta: string;
  readonly cabeceras: Headers;
  readonly cuerpo?: string;
};

/** The request a `curl` command line sends, for the options the walk-through uses. */
function peticionDeCurl(argumentos: readonly string[], donde: string): Peticion {
  let metodo: string | undefined;
  let url: string | undefined;
  let cuerpo: string | undefined;
  let incluye = false;
  const cabeceras = new Headers();
  for (let i = 0; i < argumentos.length; i++) {
    const argumento = argumentos[i] ?? '';
    const valor = (): string => {
      const siguiente = argumentos[++i];
      if (siguiente === undefined) throw new Error(`${donde}: ${argumento} needs a value`);
      return siguiente;
    };
    if (argumento === '-X' || argumento === '--request') metodo = valor();
    else if (argumento === '-H' || argumento === '--header') {
      const cabecera = valor();
      const dos = cabecera.indexOf(':');
      if (dos <= 0) throw new Error(`${donde}: not a header: ${cabecera}`);
      cabeceras.append(cabecera.slice(0, dos).trim(), cabecera.slice(dos + 1).trim());
    } else if (argumento === '-d' || argumento === '--data' || argumento === '--data-raw') {
      if (cuerpo !== undefined) throw new Error(`${donde}: one body a request`);
      cuerpo = valor();
      if (argumento !== '--data-raw' && cuerpo.startsWith('@')) throw new Error(`${donde}: a body from a file`);
    } else if (argumento === '--include' || /^-[is]+$/.test(argumento)) {
      incluye ||= argumento === '--include' || argumento.includes('i');
    } else if (argumento.startsWith('-')) {
      throw new Error(`${donde}: curl option ${argumento} is not one the walk-through may use`);
    } else if (url === undefined) {
      url = argumento;
    } else {
      throw new Error(`${donde}: two URLs: ${url} and ${argumento}`);
    }
  }
  if (url === undefined) throw new Error(`${donde}: curl without a URL`);
  if (!incluye) throw new Error(`${donde}: use curl -i, so that the answer shows its status and headers`);
  const leida = new URL(url.includes('://') ? url : `http://${url}`);
  if (leida.host !== 'localhost:3000') throw new Error(`${donde}: the service of pnpm start is at localhost:3000`);
  // Like curl: -d is a POST, and a form unless the command says otherwise.
  if (cuerpo !== undefined && !cabeceras.has('content-type')) {
    cabeceras.set('content-type', 'application/x-www-form-urlencoded');
  }
  return {
    metodo: metodo ?? (cuerpo === undefined ? 'GET' : 'POST'),
    ruta: `${leida.pathname}${leida.search}`,
    cabeceras,
    ...(cuerpo === undefined ? {} : { cuerpo }),
  };
}

// ---------------------------------------------------------------- answers as the README shows them

/** A JSON value as the README shows it, with `...` for what it leaves out. */
type Esperado =
  | { readonly kind: 'cualquiera' }
  | { readonly kind: 'valor'; readonly valor: string | number | boolean | null }
  | { readonly kind: 'lista'; readonly elementos: readonly Esperado[]; readonly abierta: boolean }
  | { readonly kind: 'objeto'; readonly campos: readonly [string, Esperado][]; readonly abierto: boolean };

/** Reads JSON where `...` or `…` may stand for a value, for further fields, or for further elements. */
function leerEsperado(texto: string, donde: string): Esperado {
  let i = 0;
  const fallar = (que: string): never => {
    throw new Error(`${donde}: ${que} at "${texto.slice(i, i + 30)}"`);
  };
  const blancos = () => {
    while (/\s/.test(texto.charAt(i))) i++;
  };
  const elision = (): boolean => {
    blancos();
    for (const marca of ['...', '…']) {
      if (texto.startsWith(marca, i)) {
        i += marca.length;
        return true;
      }
    }
    return false;
  };
  const esperar = (c: string) => {
    blancos();
    if (texto.charAt(i) !== c) fallar(`expected "${c}"`);
    i++;
  };
  const cadena = (): string => {
    blancos();
    const leida = /^"(?:[^"\\\n]|\\.)*"/.exec(texto.slice(i));
    if (leida === null) return fallar('expected a string');
    i += leida[0].length;
    const valor: unknown = JSON.parse(leida[0]);
    return typeof valor === 'string' ? valor : fallar('expected a string');
  };
  const valor = (): Esperado => {
    if (elision()) return { kind: 'cualquiera' };
    blancos();
    const c = texto.charAt(i);
    if (c === '{') {
      i++;
      const campos: [string, Esperado][] = [];
      let abierto = false;
      blancos();
      if (texto.charAt(i) === '}') {
        i++;
        return { kind: 'objeto', campos, abierto };
      }
      for (;;) {
        if (elision()) abierto = true;
        else {
          const nombre = cadena();
          esperar(':');
          campos.push([nombre, valor()]);
        }
        blancos();
        if (texto.charAt(i) === '}') {
          i++;
          return { kind: 'objeto', campos, abierto };
        }
        esperar(',');
      }
    }
    if (c === '[') {
      i++;
      const elementos: Esperado[] = [];
      let abierta = false;
      blancos();
      if (texto.charAt(i) === ']') {
        i++;
        return { kind: 'lista', elementos, abierta };
      }
      for (;;) {
        if (elision()) abierta = true;
        else if (abierta) fallar('elements after "..."');
        else elementos.push(valor());
        blancos();
        if (texto.charAt(i) === ']') {
          i++;
          return { kind: 'lista', elementos, abierta };
        }
        esperar(',');
      }
    }
    if (c === '"') return { kind: 'valor', valor: cadena() };
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(texto.slice(i));
    if (literal === null) return fallar('expected a JSON value');
    i += literal[0].length;
    const leido: unknown = JSON.parse(literal[0]);
    if (leido === null || typeof leido === 'boolean' || typeof leido === 'number')
      return { kind: 'valor', valor: leido };
    return fallar('expected a JSON value');
  };
  const leido = valor();
  blancos();
  if (i < texto.length) fallar('text after the JSON value');
  return leido;
}

type Mostrada = {
  readonly status: number;
  readonly razon: string;
  readonly cabeceras: readonly [string, string][];
  readonly cuerpo?: Esperado;
  readonly linea: number;
};

/** An ```http block: `HTTP/1.1 <status> <reason>`, headers, and after a blank line the body. */
function leerMostrada(bloque: Bloque): Mostrada {
  const donde = `README.md:${bloque.linea}`;
  const lineas = bloque.texto.split('\n');
  const estado = /^HTTP\/1\.1 (\d{3}) (.+)$/.exec(lineas[0] ?? '');
  if (estado === null) throw new Error(`${donde}: an answer starts with "HTTP/1.1 <status> <reason>"`);
  const blanca = lineas.findIndex((l) => l.trim() === '');
  const fin = blanca < 0 ? lineas.length : blanca;
  const cabeceras = lineas.slice(1, fin).map((l, k): [string, string] => {
    const leida = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(l);
    if (leida === null) throw new Error(`README.md:${bloque.linea + 1 + k}: not a header: ${l}`);
    return [leida[1] ?? '', (leida[2] ?? '').trim()];
  });
  const cuerpo = lineas.slice(fin).join('\n').trim();
  return {
    status: Number(estado[1]),
    razon: estado[2] ?? '',
    cabeceras,
    ...(cuerpo === '' ? {} : { cuerpo: leerEsperado(cuerpo, `README.md:${bloque.linea + fin + 1}`) }),
    linea: bloque.linea,
  };
}

// ---------------------------------------------------------------- the steps

type Paso = {
  readonly antes: readonly Extract<Orden, { kind: 'asignar' }>[];
  readonly curl: Extract<Orden, { kind: 'curl' }>;
  readonly respuesta: Mostrada;
};

/** Pairs each curl of the walk-through with its answer: the next ```http blocks, in order. */
function pasos(texto: string): Paso[] {
  const resultado: Paso[] = [];
  let asignaciones: Extract<Orden, { kind: 'asignar' }>[] = [];
  let pendientes: { antes: Extract<Orden, { kind: 'asignar' }>[]; curl: Extract<Orden, { kind: 'curl' }> }[] = [];
  for (const bloque of bloquesDelRecorrido(texto)) {
    if (['sh', 'bash', 'shell', 'console'].includes(bloque.lenguaje)) {
      const [sinRespuesta] = pendientes;
      if (sinRespuesta !== undefined)
        throw new Error(`README.md:${sinRespuesta.curl.linea}: a curl without its answer`);
      for (const orden of ordenes(bloque)) {
        if (orden.kind === 'asignar') asignaciones.push(orden);
        else {
          pendientes.push({ antes: asignaciones, curl: orden });
          asignaciones = [];
        }
      }
    } else if (bloque.lenguaje === 'http') {
      const [primero, ...resto] = pendientes;
      if (primero === undefined) throw new Error(`README.md:${bloque.linea}: an answer without a curl before it`);
      resultado.push({ ...primero, respuesta: leerMostrada(bloque) });
      pendientes = resto;
    } else {
      throw new Error(
        `README.md:${bloque.linea}: the walk-through's blocks are \`\`\`sh commands and \`\`\`http answers, not "${bloque.lenguaje}"`,
      );
    }
  }
  const [sinRespuesta] = pendientes;
  if (sinRespuesta !== undefined) throw new Error(`README.md:${sinRespuesta.curl.linea}: a curl without its answer`);
  return resultado;
}

// ---------------------------------------------------------------- comparing

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const JWT = /eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const ID = new RegExp(`${UUID.source}|${JWT.source}`, 'gi');
const INSTANTE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;
const VOLATIL = new RegExp(`(${ID.source})|(${INSTANTE.source})`, 'gi');
/** A JWT's case matters; a UUID's does not. */
const clave = (id: string) => (id.startsWith('eyJ') ? id : id.toLowerCase());

/** The README's ids and the service's, one to one. */
class Ligaduras {
  readonly #real = new Map<string, string>();
  readonly #delReadme = new Map<string, string>();

  /** Binds a README id to the real one, or says why it cannot be. */
  ligar(delReadme: string, real: string): string | undefined {
    const ya = this.#real.get(clave(delReadme));
    if (ya !== undefined) return ya === real ? undefined : `${delReadme} was ${ya} before, not ${real}`;
    const otro = this.#delReadme.get(real);
    if (otro !== undefined) return `${real} was ${otro} earlier in the README, not ${delReadme}`;
    this.#real.set(clave(delReadme), real);
    this.#delReadme.set(real, delReadme);
    return undefined;
  }

  /** A command's text with the README's ids replaced by the service's. */
  sustituir(texto: string): string {
    return texto.replace(ID, (id) => this.#real.get(clave(id)) ?? id);
  }
}

const escapar = (texto: string) => texto.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compares a text of the service's with the README's, ids and instants by shape; undefined when they match. */
function compararTexto(mostrado: string, real: string, ligaduras: Ligaduras): string | undefined {
  const ids: string[] = [];
  let patron = '';
  let desde = 0;
  for (const volatil of mostrado.matchAll(VOLATIL)) {
    patron += escapar(mostrado.slice(desde, volatil.index));
    if (volatil[1] !== undefined) {
      ids.push(volatil[1]);
      patron += volatil[1].startsWith('eyJ') ? `(${JWT.source})` : `(${UUID.source})`;
    } else {
      patron += '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
    }
    desde = volatil.index + volatil[0].length;
  }
  patron += escapar(mostrado.slice(desde));
  const leido = new RegExp(`^${patron}$`).exec(real) ?? new RegExp(`^${patron}$`, 'i').exec(real);
  if (leido === null) return `${JSON.stringify(real)} is not ${JSON.stringify(mostrado)}`;
  for (const [k, id] of ids.entries()) {
    const problema = ligaduras.ligar(id, leido[k + 1] ?? '');
    if (problema !== undefined) return problema;
  }
  return undefined;
}

/** Where the service's JSON differs from what the README shows, one line per difference. */
function compararJson(mostrado: Esperado, real: unknown, ligaduras: Ligaduras, ruta = '$'): string[] {
  switch (mostrado.kind) {
    case 'cualquiera':
      return [];
    case 'valor': {
      if (typeof mostrado.valor === 'string') {
        if (typeof real !== 'string') return [`${ruta}: ${JSON.stringify(real)} is not a string`];
        const problema = compararTexto(mostrado.valor, real, ligaduras);
        return problema === undefined ? [] : [`${ruta}: ${problema}`];
      }
      return Object.is(mostrado.valor, real)
        ? []
        : [`${ruta}: ${JSON.stringify(real)} where the README shows ${JSON.stringify(mostrado.valor)}`];
    }
    case 'lista': {
      if (!Array.isArray(real)) return [`${ruta}: ${JSON.stringify(real)} is not an array`];
      const largo = mostrado.abierta
        ? real.length >= mostrado.elementos.length
        : real.length === mostrado.elementos.length;
      if (!largo) return [`${ruta}: ${real.length} elements where the README shows ${mostrado.elementos.length}`];
      return mostrado.elementos.flatMap((e, k) => compararJson(e, real[k], ligaduras, `${ruta}[${k}]`));
    }
    case 'objeto': {
      if (real === null || typeof real !== 'object' || Array.isArray(real)) {
        return [`${ruta}: ${JSON.stringify(real)} is not an object`];
      }
      const campos = new Map<string, unknown>(Object.entries(real));
      const mostrados = new Set(mostrado.campos.map(([nombre]) => nombre));
      return [
        ...mostrado.campos.flatMap(([nombre, valor]) =>
          campos.has(nombre)
            ? compararJson(valor, campos.get(nombre), ligaduras, `${ruta}.${nombre}`)
            : [`${ruta}.${nombre}: missing from the answer`],
        ),
        ...(mostrado.abierto
          ? []
          : [...campos.keys()].filter((k) => !mostrados.has(k)).map((k) => `${ruta}.${k}: in the answer, not shown`)),
      ];
    }
  }
}

type Real = { readonly status: number; readonly razon: string; readonly cabeceras: Headers; readonly texto: string };

/** Where the service's answer differs from the README's. */
function compararRespuesta(mostrada: Mostrada, real: Real, ligaduras: Ligaduras): string[] {
  const diferencias: string[] = [];
  if (mostrada.status !== real.status || mostrada.razon !== real.razon) {
    diferencias.push(
      `status: ${real.status} ${real.razon} where the README shows ${mostrada.status} ${mostrada.razon}`,
    );
  }
  for (const [nombre, valor] of mostrada.cabeceras) {
    const leida = real.cabeceras.get(nombre);
    const problema = leida === null ? 'missing from the answer' : compararTexto(valor, leida, ligaduras);
    if (problema !== undefined) diferencias.push(`${nombre}: ${problema}`);
  }
  if (mostrada.cuerpo !== undefined) {
    let cuerpo: unknown;
    try {
      cuerpo = JSON.parse(real.texto);
    } catch {
      return [...diferencias, `body: not JSON: ${real.texto}`];
    }
    diferencias.push(...compararJson(mostrada.cuerpo, cuerpo, ligaduras, 'body'));
  }
  return diferencias;
}

// ---------------------------------------------------------------- the tests

const PASOS = pasos(TEXTO_README);

describe('README.md: the walk-through', () => {
  // As `pnpm start` on a new machine: no ADMIN_*, so a development staff account.
  const entorno = conServicio(undefined, { cuentaDeDesarrollo: true });
  /** The values the README leaves to the reader, by the name it assigns them to. */
  const suministrados = (): ReadonlyMap<string, string> =>
    new Map([['CLAVE', entorno().servicio.cuentaDeDesarrollo?.clave ?? '(no development account)']]);
  const variables = new Map<string, string>();
  const ligaduras = new Ligaduras();
  let fallido: string | undefined;

  const expandir = (palabra: Palabra, donde: string): string =>
    ligaduras.sustituir(
      palabra
        .map((parte) => {
          if ('texto' in parte) return parte.texto;
          const valor = variables.get(parte.variable);
          if (valor === undefined) throw new Error(`${donde}: $${parte.variable} is not set by an earlier step`);
          return valor;
        })
        .join(''),
    );

  test('has steps, each a curl and its answer', () => {
    expect(PASOS.length).toBeGreaterThanOrEqual(10);
  });

  test('holds every curl of the README, so that every answer it shows is checked', () => {
    const delRecorrido = new Set(
      [...bloquesDelRecorrido(TEXTO_README), ...bloquesDelRecorrido(TEXTO_README, TITULO_DEL_STREAM)].map(
        (b) => b.linea,
      ),
    );
    const fuera = bloques(TEXTO_README)
      .filter((b) => !delRecorrido.has(b.linea) && /(^|\s)curl\s/m.test(b.texto))
      .map((b) => `README.md:${b.linea}`);
    expect(fuera).toEqual([]);
  });

  for (const paso of PASOS) {
    const { curl, respuesta } = paso;
    test(`README.md:${curl.linea}: ${curl.texto.replace(/\s+/g, ' ')} is ${respuesta.status} ${respuesta.razon}`, async (ctx) => {
      if (fallido !== undefined) ctx.skip(`an earlier step failed: ${fallido}`);
      fallido = `README.md:${curl.linea}`;
      for (const asignacion of paso.antes) {
        const dondeVa = `README.md:${asignacion.linea}`;
        const valor = expandir(asignacion.valor, dondeVa);
        if (/^<.*>$/.test(valor)) {
          const suministrado = suministrados().get(asignacion.nombre);
          if (suministrado === undefined) throw new Error(`${dondeVa}: nothing supplies ${asignacion.nombre}`);
          variables.set(asignacion.nombre, suministrado);
        } else {
          variables.set(asignacion.nombre, valor);
        }
      }
      const donde = `README.md:${curl.linea}`;
      const peticion = peticionDeCurl(
        curl.argumentos.map((a) => expandir(a, donde)),
        donde,
      );
      const r = await fetch(`${entorno().servicio.url}${peticion.ruta}`, {
        method: peticion.metodo,
        headers: peticion.cabeceras,
        ...(peticion.cuerpo === undefined ? {} : { body: peticion.cuerpo }),
      });
      const real = { status: r.status, razon: r.statusText, cabeceras: r.headers, texto: await r.text() };
      const diferencias = compararRespuesta(respuesta, real, ligaduras);
      const contestada = [
        `HTTP/1.1 ${real.status} ${real.razon}`,
        ...[...real.cabeceras].map(([k, v]) => `${k}: ${v}`),
        '',
        real.texto,
      ].join('\n');
      expect(
        diferencias,
        `the answer to README.md:${curl.linea} (shown at line ${respuesta.linea}):\n${contestada}`,
      ).toEqual([]);
      fallido = undefined;
    });
  }
});

describe('README.md: the walk-through as this test reads it', () => {
  const leer = (http: string) => leerMostrada({ lenguaje: 'http', texto: http, linea: 1 });
  const real = (status: number, razon: string, cuerpo: unknown, cabeceras: Record<string, string> = {}): Real => ({
    status,
    razon,
    cabeceras: new Headers(cabeceras),
    texto: JSON.stringify(cuerpo),
  });
  const id = '0ac8ff3f-da5d-4562-b00e-3130b6799903';
  const otro = 'ed81943c-7846-43ab-a358-00e71bfc5a72';

  test('an answer matches when all it shows is the service’s, ids and instants by shape', () => {
    const mostrada = leer(
      `HTTP/1.1 201 Created\nlocation: /x/${id}\n\n{"id":"${id}","n":2,"en":"2026-11-22T07:35:42.564Z", ...}`,
    );
    const diferencias = compararRespuesta(
      mostrada,
      real(201, 'Created', { id: otro, n: 2, en: '2030-01-01T00:00:00.000Z', extra: [1] }, { location: `/x/${otro}` }),
      new Ligaduras(),
    );
    expect(diferencias).toEqual([]);
  });

  test('a wrong status, number, text, missing or unshown field, or inconsistent id is a difference', () => {
    const mostrada = leer(`HTTP/1.1 200 OK\n\n{"a":1,"b":"x","c":[1,2],"d":{"e":null},"id":"${id}","otro":"${id}"}`);
    const diferencias = compararRespuesta(
      mostrada,
      real(409, 'Conflict', { a: 2, b: 'y', c: [1], d: { e: null, f: 1 }, id: otro, otro: id, nuevo: true }),
      new Ligaduras(),
    );
    expect(diferencias).toEqual([
      'status: 409 Conflict where the README shows 200 OK',
      'body.a: 2 where the README shows 1',
      'body.b: "y" is not "x"',
      'body.c: 1 elements where the README shows 2',
      'body.d.f: in the answer, not shown',
      `body.otro: ${id} was ${otro} before, not ${id}`,
      'body.nuevo: in the answer, not shown',
    ]);
  });

  test('a shown header must be there, with its value', () => {
    const mostrada = leer('HTTP/1.1 200 OK\netag: "4"\nidempotency-replayed: true');
    expect(compararRespuesta(mostrada, real(200, 'OK', {}, { etag: '"3"' }), new Ligaduras())).toEqual([
      'etag: "\\"3\\"" is not "\\"4\\""',
      'idempotency-replayed: missing from the answer',
    ]);
  });

  test('curl command lines become requests, with $VARIABLES and quotes read as sh does', () => {
    const [orden] = ordenes({
      lenguaje: 'sh',
      texto: `curl -i -X PATCH localhost:3000/p/$P/x -H 'If-Match: "3"' \\\n  -d "{\\"a\\": \\"$P\\"}"`,
      linea: 1,
    });
    if (orden?.kind !== 'curl') throw new Error('not a curl');
    const argumentos = orden.argumentos.map((p) => p.map((parte) => ('texto' in parte ? parte.texto : 'ID')).join(''));
    const peticion = peticionDeCurl(argumentos, 'x');
    expect({ ...peticion, cabeceras: Object.fromEntries(peticion.cabeceras) }).toEqual({
      metodo: 'PATCH',
      ruta: '/p/ID/x',
      cabeceras: { 'if-match': '"3"', 'content-type': 'application/x-www-form-urlencoded' },
      cuerpo: '{"a": "ID"}',
    });
  });
});

// ---------------------------------------------------------------- idempotency keys in the OpenAPI document

type Operacion = {
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
  readonly responses: Readonly<Record<string, { readonly headers?: Readonly<Record<string, unknown>> }>>;
};

describe('README.md: idempotency keys, as the OpenAPI document declares them', () => {
  const documento: { paths: Record<string, Record<string, Operacion>> } = JSON.parse(textoOpenApi());
  const operaciones = Object.entries(documento.paths).flatMap(([ruta, metodos]) =>
    Object.entries(metodos).map(([metodo, operacion]) => ({ nombre: `${metodo.toUpperCase()} ${ruta}`, operacion })),
  );
  const conClave = operaciones.filter(({ operacion }) =>
    (operacion.parameters ?? []).some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
  );

  // The payment webhook's notices carry their own key, the provider's `id` (docs/api-eventos.md).
  test('every POST but those of /auth and the payment webhook, every transition of a pedido and PUT of its direccion take an Idempotency-Key, and nothing else does', () => {
    const transiciones = ['confirmar', 'pagar', 'enviar', 'entregar', 'cancelar'].map(
      (t) => `PATCH /pedidos/{id}/${t}`,
    );
    const dichas = operaciones
      .map(({ nombre }) => nombre)
      .filter(
        (nombre) =>
          (nombre.startsWith('POST ') && !nombre.startsWith('POST /auth/') && nombre !== 'POST /pagos/webhook') ||
          transiciones.includes(nombre) ||
          nombre === 'PUT /pedidos/{id}/direccion-envio',
      );
    expect(conClave.map(({ nombre }) => nombre).sort()).toEqual(dichas.sort());
  });

  test('their answers that a retry can get back declare Idempotency-Replayed: success, and refusals the key keeps', () => {
    const declaradas = conClave.flatMap(({ nombre, operacion }) =>
      Object.entries(operacion.responses).map(([estado, respuesta]) => ({
        respuesta: `${nombre} ${estado}`,
        declara: Object.keys(respuesta.headers ?? {}).some((h) => h.toLowerCase() === 'idempotency-replayed'),
      })),
    );
    expect(declaradas.filter(({ respuesta }) => / 2\d\d$/.test(respuesta)).length).toBeGreaterThanOrEqual(5);
    // 400 and 413 are refused before the key is read, and 5xx answers are not kept.
    const repetible = (respuesta: string) => !/ (400|413|5\d\d)$/.test(respuesta);
    expect(declaradas.filter(({ respuesta, declara }) => declara !== repetible(respuesta))).toEqual([]);
  });
});
