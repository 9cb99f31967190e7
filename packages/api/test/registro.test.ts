/** The log: pino's JSON lines from a level up, credentials redacted, and the readable format. */
import { describe, expect, test } from 'vitest';
import { crearRegistro, legible, RUTAS_REDACTADAS } from '../src/registro.ts';

describe('the log', () => {
  function conLineas(nivel: Parameters<typeof crearRegistro>[0] = 'debug') {
    const lineas: string[] = [];
    return { registro: crearRegistro(nivel, (l) => lineas.push(l)), lineas };
  }

  test('redacts credentials at the top and in the objects a request would be logged under', () => {
    const { registro, lineas } = conLineas();
    registro.info('with secrets', {
      password: 'p-1',
      access_token: 't-1',
      refresh_token: 't-2',
      authorization: 'Bearer a-1',
      headers: { authorization: 'Bearer a-2', Authorization: 'Bearer a-3', 'x-request-id': 'visible' },
      req: { headers: { authorization: 'Bearer a-4' }, body: { password: 'p-2' } },
      body: { password: 'p-3', access_token: 't-3', nombre: 'visible' },
      cuerpo: { password: 'p-4' },
      error: { message: 'visible', password: 'p-5' },
    });
    expect(lineas).toHaveLength(1);
    const linea = lineas[0] ?? '';
    for (const secreto of ['p-1', 'p-2', 'p-3', 'p-4', 'p-5', 't-1', 't-2', 't-3', 'a-1', 'a-2', 'a-3', 'a-4']) {
      expect(linea).not.toContain(secreto);
    }
    const objeto = JSON.parse(linea);
    expect(objeto).toMatchObject({
      password: '[redacted]',
      headers: { authorization: '[redacted]', 'x-request-id': 'visible' },
      body: { nombre: 'visible', access_token: '[redacted]' },
      error: { message: 'visible', password: '[redacted]' },
    });
    expect(RUTAS_REDACTADAS).toContain('headers.authorization');
  });

  test('writes one JSON line per call, from its level up', () => {
    const { registro, lineas } = conLineas('warn');
    registro.debug('no');
    registro.info('no');
    registro.warn('yes', { n: 1 });
    registro.error('also');
    expect(lineas.map((l) => JSON.parse(l))).toMatchObject([
      { level: 'warn', msg: 'yes', n: 1 },
      { level: 'error', msg: 'also' },
    ]);
    expect(lineas.every((l) => !l.includes('\n'))).toBe(true);
  });

  test('the readable format shows time, level, message and fields, and a stack below', () => {
    const escrito: string[] = [];
    const escribir = legible((t) => escrito.push(t));
    escribir(
      JSON.stringify({
        level: 'info',
        time: '2026-01-02T10:11:12.345Z',
        pid: 1,
        hostname: 'h',
        msg: 'request',
        method: 'GET',
        status: 200,
        account_id: null,
      }),
    );
    escribir(
      JSON.stringify({ level: 'error', time: '2026-01-02T10:11:12.345Z', msg: 'boom', error: { stack: 'E\n  at x' } }),
    );
    escribir('not json');
    expect(escrito).toEqual([
      '10:11:12.345 INFO  request method=GET status=200 account_id=null\n',
      '10:11:12.345 ERROR boom error={}\nE\n  at x\n',
      'not json\n',
    ]);
  });
});
