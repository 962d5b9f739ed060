/** @type {import('next').NextConfig} */
const nextConfig = {
  // Cache Components: the prerendered shell must not read a clock or other unstable values outside
  // <Suspense>, in Server Components and in Client Components alike.
  cacheComponents: true,
};
export default nextConfig;
