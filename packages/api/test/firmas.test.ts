/**
 * The signature of the payment provider's notices, as `comprobarFirma` checks
 * it: what the provider signs is accepted within 300 s either way, and any
 * change of a byte, of the key or of `t` is refused.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { comprobarFirma, leerCabeceraDeFirma, TOLERANCIA_DE_FIRMA_SEGUNDOS } from '../src/comun/firmas.ts';
import { firmaDePagos } from './apoyo.ts';

const secreto = fc.string({ minLength: 1, maxLength: 64 });
const cuerpo = fc.uint8Array({ minLength: 0, maxLength: 512 });
const segundos = fc.integer({ min: 1_000_000_000, max: 4_000_000_000 });

const comprobar = (clave: string, cabecera: string, bytes: Uint8Array, ahoraSegundos: number) =>
  comprobarFirma(clave, cabecera, bytes, new Date(ahoraSegundos * 1000)).isOk();

describe('comprobarFirma', () => {
  test('accepts what the provider signs, from 300 s before to 300 s after now, and nothing further', () => {
    fc.assert(
      fc.property(
        secreto,
        cuerpo,
        segundos,
        fc.integer({ min: -2 * TOLERANCIA_DE_FIRMA_SEGUNDOS, max: 2 * TOLERANCIA_DE_FIRMA_SEGUNDOS }),
        (clave, bytes, t, desfase) => {
          const cabecera = firmaDePagos(bytes, { secreto: clave, t });
          expect(comprobar(clave, cabecera, bytes, t + desfase)).toBe(
            Math.abs(desfase) <= TOLERANCIA_DE_FIRMA_SEGUNDOS,
          );
        },
      ),
    );
  });

  test('refuses a body with any one byte changed, another key, and no key at all', () => {
    fc.assert(
      fc.property(
        secreto,
        secreto,
        cuerpo.filter((b) => b.length > 0),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        segundos,
        (clave, otra, bytes, posicion, cambio, t) => {
          const cabecera = firmaDePagos(bytes, { secreto: clave, t });
          const cambiado = Uint8Array.from(bytes);
          const i = posicion % bytes.length;
          cambiado[i] = ((cambiado[i] ?? 0) + cambio) % 256;
          expect(comprobar(clave, cabecera, cambiado, t)).toBe(false);
          if (otra !== clave) expect(comprobar(otra, cabecera, bytes, t)).toBe(false);
          expect(comprobarFirma(undefined, cabecera, bytes, new Date(t * 1000)).isErr()).toBe(true);
        },
      ),
    );
  });

  test('takes any one good v1 among several, ignores other schemes, and refuses a header without its parts', () => {
    const t = 1_767_268_800;
    const bytes = new TextEncoder().encode('{"id":"evt_1"}');
    const buena = firmaDePagos(bytes, { t }).split(',')[1] ?? '';
    const mala = firmaDePagos(bytes, { t, secreto: 'otra' }).split(',')[1] ?? '';
    const clave = 'la clave del webhook de pagos de las pruebas';
    expect(comprobar(clave, `t=${t},${mala},${buena}`, bytes, t)).toBe(true);
    expect(comprobar(clave, ` v0=abc , t=${t} ,${buena.toUpperCase().replace('V1', 'v1')}`, bytes, t)).toBe(true);
    for (const cabecera of ['', `t=${t}`, buena, `t=${t},t=${t},${buena}`, `t=-${t},${buena}`, `t=${t}.5,${buena}`]) {
      expect(comprobar(clave, cabecera, bytes, t), cabecera).toBe(false);
    }
    expect(comprobar(clave, `t=${t},${mala}`, bytes, t)).toBe(false);
    expect(leerCabeceraDeFirma(`t=${t},v1=zz,${buena}`)?.firmas).toHaveLength(1);
  });
});
