/** The OpenAPI 3.1 document of API v1, generated from the route definitions. */
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { ESQUEMA_BEARER } from './comun/respuestas.ts';
import { RUTAS } from './recursos/index.ts';

export const INFORMACION: Parameters<OpenAPIHono['getOpenAPI31Document']>[0] = {
  openapi: '3.1.0',
  info: {
    title: 'Pedidos API',
    version: '1.0.0',
    description: [
      'Clientes, productos y pedidos. Ver `README.md` para un recorrido completo.',
      '',
      '- Errores: `application/problem+json` (RFC 9457) con un `code` estable; los 422 traen `errores: [{ campo, mensaje }]`.',
      '- Campos desconocidos en un cuerpo o en la consulta: 422 `VALIDACION`.',
      '- Los cuerpos se leen como JSON sea cual sea su `Content-Type`; un cuerpo que no es JSON es 400 `JSON_INVALIDO`; más de 1 MiB, 413.',
      '- Listas: los más recientes primero (`creado_en` descendente, `id` para desempatar), `limit` 1–100 (20 por defecto) y `page` desde 1.',
      '- Concurrencia: los cambios a un mismo pedido se aplican uno tras otro; `If-Match` con el `ETag` da concurrencia optimista (412 si no coincide).',
      '- Caché: `GET` de un pedido, un producto o un cliente envía `ETag` y `Cache-Control: no-cache` (`private, no-cache` para pedidos y clientes); con `If-None-Match` y la copia aún vigente, 304 sin cuerpo. Las demás respuestas llevan `Cache-Control: no-store`.',
      '- Navegadores: CORS solo para los orígenes que el servicio tenga configurados (`CORS_ORIGENES`); toda respuesta lleva `X-Content-Type-Options: nosniff` y las demás cabeceras de seguridad habituales.',
      '- Totales: enteros exactos; los de una lista (o de un carrito a un precio subido después) pueden pasar de 2^53 − 1 y se escriben con todas sus cifras.',
      '- Un método que una ruta existente no admite: 405 `METODO_NO_PERMITIDO`, con la cabecera `Allow` y los métodos que sí admite (`HEAD` donde hay `GET`); una ruta que no existe: 404 `RUTA_NO_ENCONTRADA`.',
      '- Cualquier ruta: 400 `PETICION_MALFORMADA` (no es HTTP/1.1), 431 `CABECERAS_DEMASIADO_GRANDES` (más de 16 KiB), 408 `PETICION_DEMASIADO_LENTA`; la conexión se cierra.',
      '- Límites: cada respuesta lleva `RateLimit-Policy` y `RateLimit` (draft-ietf-httpapi-ratelimit-headers, revisión 11): 600 peticiones cada 60 s por omisión, por cuenta, o por dirección sin un token válido; pasado el límite, 429 `DEMASIADAS_PETICIONES` con `Retry-After`, y la petición no cambia nada. `POST /auth/token`: tras 10 intentos fallidos para un mismo email en 15 minutos, 429 para ese email hasta que pase la ventana, también con la contraseña correcta.',
      '- `POST /pagos/webhook` no usa token: el proveedor de pagos firma cada aviso en `Pagos-Firma` (HMAC-SHA256 del cuerpo tal cual llega); sin firma válida y reciente, 401 `FIRMA_INVALIDA`.',
      '- Cada respuesta lleva `X-Request-Id`: el de la petición si tiene de 1 a 200 caracteres ASCII visibles, uno nuevo (un UUID) si no.',
    ].join('\n'),
    contact: { name: 'The pedidos contributors' },
    license: { name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' },
  },
  // Relative to the document, so that "Try it out" in /docs asks the service that serves it, wherever it runs.
  servers: [{ url: '/', description: 'El servicio que sirve este documento.' }],
  tags: [
    { name: 'cuentas', description: 'Registrarse, pedir un token de acceso, y quién es la cuenta del token.' },
    { name: 'clientes', description: 'Quién hace los pedidos; su email es único.' },
    { name: 'productos', description: 'El catálogo: precio en centavos, stock y estado.' },
    { name: 'pedidos', description: 'El carrito, sus items y su confirmación.' },
    { name: 'pagos', description: 'Los avisos de pago del proveedor, firmados.' },
    { name: 'reportes', description: 'Informes para el personal, de modelos que mantiene el flujo de eventos.' },
    { name: 'operaciones', description: 'Salud del proceso y de la base de datos; métricas.' },
  ],
};

export function documentoOpenApi(): ReturnType<OpenAPIHono['getOpenAPI31Document']> {
  const registro = new OpenAPIHono();
  // A route's middleware (the policy it asks first) is code, not part of the document.
  for (const ruta of RUTAS as readonly RouteConfig[]) {
    const { middleware: _, ...definicion } = ruta;
    registro.openAPIRegistry.registerPath(definicion);
  }
  registro.openAPIRegistry.registerComponent('securitySchemes', ESQUEMA_BEARER, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Un token de `POST /auth/token`, en `Authorization: Bearer <token>`.',
  });
  return registro.getOpenAPI31Document(INFORMACION);
}

/**
 * The document as `docs/openapi.json` keeps it, with paths, methods and
 * schemas in alphabetical order: the generator lists them in the order it met them, which
 * depends on the order modules were loaded.
 */
export function textoOpenApi(): string {
  const documento = documentoOpenApi();
  const ordenado = {
    ...documento,
    paths: ordenar(
      Object.fromEntries(Object.entries(documento.paths ?? {}).map(([ruta, item]) => [ruta, ordenar(item)])),
    ),
    components: { ...documento.components, schemas: ordenar(documento.components?.schemas ?? {}) },
  };
  return `${JSON.stringify(ordenado, null, 2)}\n`;
}

function ordenar<T extends object>(objeto: T): T {
  return Object.fromEntries(Object.entries(objeto).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}
