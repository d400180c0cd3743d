// A single-page app served by the Fastify server beside the API: the server owns the
// database, so pages fetch figures from /api in the browser.
export const ssr = false;
export const prerender = false;
