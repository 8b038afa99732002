/** @type {import('next').NextConfig} */
const nextConfig = {
  // Database drivers load WebAssembly / native code at run time; Next must not bundle them.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "@node-rs/argon2",
    "twilio",
  ],
  poweredByHeader: false,
};

export default nextConfig;
