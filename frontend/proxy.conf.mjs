// The dev server forwards API calls to the backend, as the static server does in production.
export default { '/api': { target: process.env.API_URL ?? 'http://localhost:8000', changeOrigin: true } };
