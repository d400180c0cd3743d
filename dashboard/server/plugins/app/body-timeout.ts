/**
 * A request body must arrive within `timeoutMs` of its headers. Node's own
 * `requestTimeout` stops watching once the headers are in and a handler reads the body, so
 * an upload sent a byte every two seconds stayed open for as long as its sender liked
 * (400 s and counting), holding a socket and a half-written file. Here each request with a
 * body gets a timer; when it fires before the body has ended, the client gets a 408 and
 * the connection is closed, which fails the handler's read (the upload store then removes
 * its partial file).
 */
import fp from 'fastify-plugin';

export default fp<{ timeoutMs: number }>(
  async (app, opts) => {
    app.addHook('onRequest', (request, reply, done) => {
      const raw = request.raw;
      const hasBody = raw.headers['content-length'] !== undefined || raw.headers['transfer-encoding'] !== undefined;
      if (!hasBody || raw.complete) return done();
      const timer = setTimeout(() => {
        if (raw.complete) return;
        const socket = raw.socket;
        request.log.warn({ timeoutMs: opts.timeoutMs }, 'request body not received in time; closing the connection');
        if (!reply.raw.headersSent && socket && !socket.destroyed && socket.writable) {
          const body = JSON.stringify({
            error: 'Request Timeout', code: 'SB_ERR_BODY_TIMEOUT',
            message: `the request body did not arrive within ${Math.round(opts.timeoutMs / 1000)} s; send the file again over a faster connection`,
          });
          socket.end(`HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        }
        // Whatever is still reading the body fails now rather than waiting on a socket that is closing.
        setTimeout(() => socket?.destroy(), 100).unref();
      }, opts.timeoutMs);
      timer.unref();
      const clear = () => clearTimeout(timer);
      raw.once('end', clear);
      raw.once('close', clear);
      reply.raw.once('finish', clear);
      done();
    });
  },
  { name: 'body-timeout' },
);
