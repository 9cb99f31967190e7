/**
 * The AsyncAPI 3.0 document of the stream (eventos.md, "The stream";
 * decision 0028), generated from the schemas of `eventos/esquemas.ts`: the
 * exchange `pedidos.eventos` as the one channel, whose address is the routing
 * key (the message's `type`), and one message per `type`, its payload the
 * whole CloudEvent with that type's `data`.
 *
 * The payloads are JSON Schema draft-07, as `z.toJSONSchema` writes it, and
 * say so in `schemaFormat`: the document's default format, AsyncAPI's own
 * Schema, is a superset of draft-07, but naming the draft lets any JSON
 * Schema validator check a message with the payload as it stands.
 */
import { z } from 'zod';
import { TIPO_DE_CONTENIDO } from './eventos/cloudevents.ts';
import { esquemaDelSobre, esquemasPorTipo } from './eventos/esquemas.ts';
import { DECLARACION_DEL_INTERCAMBIO, INTERCAMBIO } from './eventos/rabbitmq.ts';
import { INFORMACION } from './openapi.ts';

export const FORMATO_DE_ESQUEMA = 'application/schema+json;version=draft-07';

/** The version of the AMQP bindings the document uses (asyncapi/bindings, amqp). */
const VERSION_DE_BINDINGS_AMQP = '0.3.0';

const CANAL = 'eventos';
const OPERACION = 'publicarEventos';

/** A message's payload: the CloudEvent of `type` as a draft-07 JSON Schema, without the `$schema` its format already says. */
function carga(type: string, esquema: Parameters<typeof esquemaDelSobre>[1]) {
  const { $schema: _, ...json } = z.toJSONSchema(esquemaDelSobre(type, esquema), { target: 'draft-7' });
  return { schemaFormat: FORMATO_DE_ESQUEMA, schema: json };
}

/** An AsyncAPI document, as far as this module writes one. */
export type DocumentoAsyncApi = { readonly asyncapi: '3.0.0' } & Readonly<Record<string, unknown>>;

export function documentoAsyncApi(): DocumentoAsyncApi {
  const tipos = [...esquemasPorTipo()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const { title, version, contact, license } = INFORMACION.info;
  return {
    asyncapi: '3.0.0' as const,
    info: {
      title,
      version,
      description: [
        'Los eventos de dominio de clientes, productos y pedidos, tal como se publican (ver `docs/api-eventos.md`).',
        '',
        '- Cada evento es un CloudEvents 1.0 en modo estructurado JSON (`application/cloudevents+json`), en un mensaje persistente del exchange topic durable `pedidos.eventos`; su `type` es también la routing key.',
        '- Al menos una vez y en orden por `subject` (`secuencia` 1, 2, 3…): los consumidores deduplican por `id`.',
        '- `data` lleva los campos del evento en snake_case; los importes son enteros exactos (centavos). `pedidos.producto.modificado` y `pedidos.cliente.modificado` dicen qué cambió en `data.cambio`.',
      ].join('\n'),
      contact,
      license,
    },
    defaultContentType: TIPO_DE_CONTENIDO,
    servers: {
      rabbitmq: {
        host: '{host}',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: 'El RabbitMQ de `RABBITMQ_URL` (`amqp://` o `amqps://`; el vhost es el path de la URL).',
        variables: { host: { default: 'localhost:5672', description: 'Host y puerto de `RABBITMQ_URL`.' } },
      },
    },
    channels: {
      [CANAL]: {
        address: '{type}',
        title: INTERCAMBIO,
        description: `El exchange \`${INTERCAMBIO}\` (topic, durable). La routing key de cada mensaje es su \`type\`: una cola se enlaza con \`pedidos.pedido.*\`, \`pedidos.#\` o un \`type\` concreto.`,
        servers: [{ $ref: '#/servers/rabbitmq' }],
        parameters: {
          type: {
            description: 'El `type` del CloudEvent.',
            enum: tipos.map(([type]) => type),
            location: '$message.payload#/type',
          },
        },
        messages: Object.fromEntries(tipos.map(([type]) => [type, { $ref: `#/components/messages/${type}` }])),
        bindings: {
          amqp: {
            is: 'routingKey',
            exchange: {
              name: INTERCAMBIO,
              type: DECLARACION_DEL_INTERCAMBIO.type,
              durable: DECLARACION_DEL_INTERCAMBIO.durable,
              autoDelete: false,
            },
            bindingVersion: VERSION_DE_BINDINGS_AMQP,
          },
        },
      },
    },
    operations: {
      [OPERACION]: {
        action: 'send',
        channel: { $ref: `#/channels/${CANAL}` },
        summary: 'El relay publica cada evento confirmado en la base de datos, una vez confirmada su transacción.',
        messages: tipos.map(([type]) => ({ $ref: `#/channels/${CANAL}/messages/${type}` })),
        bindings: { amqp: { deliveryMode: 2, bindingVersion: VERSION_DE_BINDINGS_AMQP } },
      },
    },
    components: {
      messages: Object.fromEntries(
        tipos.map(([type, esquema]) => [
          type,
          {
            name: type,
            title: type,
            summary: esquema.resumen,
            contentType: TIPO_DE_CONTENIDO,
            payload: carga(type, esquema),
            bindings: { amqp: { messageType: type, bindingVersion: VERSION_DE_BINDINGS_AMQP } },
          },
        ]),
      ),
    },
  };
}

let texto: string | undefined;

/**
 * The document as `docs/asyncapi.json` keeps it and `GET /asyncapi.json`
 * serves it. Made once per process (some 50 ms): it depends on the code alone.
 */
export function textoAsyncApi(): string {
  texto ??= `${JSON.stringify(documentoAsyncApi(), null, 2)}\n`;
  return texto;
}
