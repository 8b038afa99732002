/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers load WebAssembly / native code at run time; Next must not bundle them.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "twilio"],
  poweredByHeader: false,
  // Lets several builds live side by side (tests, benchmarks): NEXT_DIST_DIR=.next-x.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

export default nextConfig;
