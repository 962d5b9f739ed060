/** @type {import('next').NextConfig} */
const nextConfig = {
  // unauthorized() in a Server Action (app/notes/actions.ts) answers 401.
  experimental: { authInterrupts: true },
};
export default nextConfig;
