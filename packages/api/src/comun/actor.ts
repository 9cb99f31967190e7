/**
 * Who asks: the actor of a request, found once, before any handler runs, and
 * kept in the context as `actor` (`c.var.actor`), which each handler hands to
 * its use case. This is the one place that derives it.
 *
 * There are no accounts yet, so every request is anonymous, whatever headers
 * it carries. The accounts issue replaces the body of `identificarActor` with
 * reading the bearer token (a refused one answered there with 401); the
 * handlers and the use cases stay as they are.
 */
import { Actor } from '@pedidos/domain';
import type { MiddlewareHandler } from 'hono';

/** The context of a request whose actor is known. */
export type ConActor = { Variables: { actor: Actor } };

export const identificarActor: MiddlewareHandler<ConActor> = async (c, next) => {
  c.set('actor', Actor.anonimo);
  await next();
};
