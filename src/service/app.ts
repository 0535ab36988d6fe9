/** Wires the HTTP app: body limits, the one error handler, authentication on /v1, and the routes. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { KinoError } from '../errors.ts';
import { bearerAuth, type AuthEnv } from './auth.ts';
import { errorBody, onError } from './http-errors.ts';
import { videosRoutes, type VideosDeps } from './videos-routes.ts';

/** Requests carry a prompt and a few fields; reference uploads (not accepted yet) will need more. */
const MAX_BODY_BYTES = 1024 * 1024;

export function createApp(deps: VideosDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.onError(onError);
  app.notFound((c) =>
    c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`, null, 404), 404),
  );
  app.use(requestId());
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        // The unread rest of the body makes the connection unusable; tell the client not to reuse it.
        c.header('connection', 'close');
        throw new KinoError('payload_too_large', `the request body is over ${MAX_BODY_BYTES} bytes`);
      },
    }),
  );
  app.use('/v1/*', bearerAuth(deps.store));
  app.route('/v1', videosRoutes(deps));
  return app;
}
