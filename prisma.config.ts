import { defineConfig } from "prisma/config";
import { createDriverAdapter } from "./lib/db/adapter";

// The CLI needs a provider-valid URL before it starts, or it tries to download a native engine.
// An empty value counts as unset.
process.env.DATABASE_URL ||= "postgresql://embedded/pglite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return createDriverAdapter(process.env.DATABASE_URL);
  },
});
