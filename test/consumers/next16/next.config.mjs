/** @type {import('next').NextConfig} */
const nextConfig = {
  // Cache Components: the prerendered shell must not read a clock or other unstable values outside
  // <Suspense>, in Server Components and in Client Components alike.
  cacheComponents: true,
  // What Next.js 16 asks new projects to enable with it (it warns when unset).
  partialPrefetching: true,
  // unauthorized() in a Server Action (app/notes/actions.ts) answers 401.
  experimental: { authInterrupts: true },
};
export default nextConfig;
