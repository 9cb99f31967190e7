/**
 * Today's contract of authorization, until the accounts issue: every request is
 * anonymous, and every actor may ask for every use case. When that issue fills
 * in `identificarActor` and `autorizar`, these are the tests it changes.
 */
import { Actor } from '@pedidos/domain';
import { actor } from '@pedidos/domain/testing';
import fc from 'fast-check';
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { autorizar, OPERACIONES } from '../src/autorizacion.ts';
import { type ConActor, identificarActor } from '../src/comun/actor.ts';

describe('autorizar', () => {
  test('allows every actor every operation, for now', () => {
    fc.assert(
      fc.property(actor(), fc.constantFrom(...OPERACIONES), (quien, operacion) => {
        expect(autorizar(quien, operacion).isOk()).toBe(true);
      }),
    );
  });

  test('names every operation once', () => {
    expect(new Set(OPERACIONES).size).toBe(OPERACIONES.length);
  });
});

describe('identificarActor', () => {
  const app = new Hono<ConActor>().use(identificarActor).get('/', (c) => c.json(c.var.actor));

  test.each([
    ['no credentials', {}],
    ['a bearer token', { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJh' }],
    ['basic credentials', { Authorization: 'Basic YW5hOnNlY3JldG8=' }],
  ])('makes every request anonymous, with %s', async (_, cabeceras) => {
    const respuesta = await app.request('/', { headers: cabeceras });
    expect(await respuesta.json()).toStrictEqual(Actor.anonimo);
  });
});
