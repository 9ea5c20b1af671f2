// Prisma CLI configuration for PostgreSQL: the WebAssembly schema engine through
// adapter-pg. The schema engine reads catalog columns of the types "char" (OID 18)
// and name (OID 19), which adapter-pg 6.19 cannot decode (prisma/orm#27403); the
// client below reports them, and their arrays, as text so migrations can run.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

const AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

const relabel = (res: pg.QueryResult | undefined): void => {
  for (const field of res?.fields ?? []) {
    const mapped = AS_TEXT[field.dataTypeID];
    if (mapped) field.dataTypeID = mapped;
  }
};

class CatalogFriendlyClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has many overloads; results are only re-labelled.
  override query(...args: any[]): any {
    const last = args.at(-1);
    if (typeof last === "function") {
      // biome-ignore lint/suspicious/noExplicitAny: callback form used by pg.Pool
      args[args.length - 1] = (err: Error | null, res: any) => {
        if (!err) relabel(res);
        last(err, res);
      };
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (super.query as any)(...args);
    if (result && typeof result.then === "function") {
      return result.then((res: pg.QueryResult) => {
        relabel(res);
        return res;
      });
    }
    return result;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  adapter: async () =>
    new PrismaPg(new pg.Pool({ connectionString: process.env.DATABASE_URL, Client: CatalogFriendlyClient })),
});
