/** Wires the HTTP app: body limits, the one error handler, authentication on /v1, and the routes. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { KinoError } from '../errors.ts';
import { bearerAuth, type AuthEnv } from './auth.ts';
import { errorBody, onError } from './http-errors.ts';
import { videosRoutes, type VideosDeps } from './videos-routes.ts';
import { editRoutes } from './edit-routes.ts';
import { credentialsRoutes } from './credentials-routes.ts';
import { MAX_UPLOAD_BYTES } from './uploads.ts';
import { eventsRoutes } from './events-routes.ts';
import { openApiDocument } from './openapi.ts';
import { planPreviewRoutes } from './plan-preview-routes.ts';
import { modelsRoutes } from './models-routes.ts';
import { webhooksRoutes } from './webhooks-routes.ts';
import { accountRoutes, publicAccountRoutes } from './accounts-routes.ts';
import { requestLogging } from './logging.ts';
import { measureRequests } from './metrics.ts';
import { opsRoutes, serviceOps, type OpsOptions } from './ops-routes.ts';
import { rateLimitByAddress, rateLimitByCredential } from './rate-limit.ts';
import { statusRoutes, studioRoutes } from './studio-routes.ts';

/** Requests carry a prompt and a few fields; only the routes that take an uploaded file get more. */
const MAX_BODY_BYTES = 1024 * 1024;
const UPLOAD_ROUTES = new Set(['/v1/videos', '/v1/videos/edits', '/v1/videos/extensions', '/v1/storyboards']);
/** A multipart upload: the file plus its framing and the text fields. */
const MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;
/** JSON to those routes: an image reference as a data: URL (base64, so 4/3 of the image) of up to 6 MiB. */
const MAX_JSON_UPLOAD_BODY_BYTES = 8 * 1024 * 1024;

export function createApp(deps: VideosDeps, options: OpsOptions = {}): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const ops = serviceOps(deps, options);
  const limits = {
    buckets: ops.buckets,
    limits: ops.rateLimits,
    onLimited: (plan: string) => ops.http.rateLimited.inc({ plan }),
  };
  app.onError(onError);
  app.notFound((c) =>
    c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`, null, 404), 404),
  );
  app.use(requestId());
  app.use(requestLogging(ops.logger), measureRequests(ops.http));
  app.route('/', opsRoutes(deps.store, ops));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  const limitTo = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => {
        // The unread rest of the body makes the connection unusable; tell the client not to reuse it.
        c.header('connection', 'close');
        throw new KinoError('payload_too_large', `the request body is over ${maxSize} bytes`);
      },
    });
  const smallBodies = limitTo(MAX_BODY_BYTES);
  const uploadBodies = limitTo(MAX_UPLOAD_BODY_BYTES);
  const jsonUploadBodies = limitTo(MAX_JSON_UPLOAD_BODY_BYTES);
  app.use('/v1/*', (c, next) => {
    if (!UPLOAD_ROUTES.has(c.req.path)) return smallBodies(c, next);
    const multipart = c.req.header('content-type')?.toLowerCase().startsWith('multipart/form-data');
    return (multipart ? uploadBodies : jsonUploadBodies)(c, next);
  });
  // Sign-up and login are the only /v1 routes answered before authentication.
  app.on('POST', ['/v1/accounts', '/v1/sessions'], rateLimitByAddress(limits));
  app.route('/v1', publicAccountRoutes({ store: deps.store, admission: ops.admission }));
  app.route('/v1', statusRoutes({ queue: deps.queue, admission: ops.admission }));
  app.use('/v1/*', bearerAuth(deps.store), rateLimitByCredential(limits));
  app.route('/v1', accountRoutes({ store: deps.store }));
  app.route('/v1', videosRoutes(deps));
  app.route('/v1', editRoutes(deps));
  app.route('/v1', credentialsRoutes({ ...deps, ...(options.dataDir ? { dataDir: options.dataDir } : {}) }));
  app.route('/v1', eventsRoutes(deps));
  app.route('/v1', webhooksRoutes(deps));
  app.route('/v1', planPreviewRoutes());
  app.route('/v1', modelsRoutes());
  // The studio web app: after every API route, so it only answers what the API does not.
  app.route('/', studioRoutes());
  return app;
}
