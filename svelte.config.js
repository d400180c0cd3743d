// SvelteKit lives under dashboard/app; it is built as a static single-page app that the
// Fastify server (dashboard/server) serves beside the JSON API, so one process owns the
// DuckDB file (DuckDB allows one process per file).
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'dashboard/build', assets: 'dashboard/build', fallback: 'index.html' }),
    files: {
      src: 'dashboard/app/src',
      routes: 'dashboard/app/src/routes',
      lib: 'dashboard/app/src/lib',
      appTemplate: 'dashboard/app/src/app.html',
      assets: 'dashboard/app/static',
    },
    alias: { $analysis: 'analysis' },
  },
};
