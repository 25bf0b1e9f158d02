/// <reference types="@remix-run/node" />
/// <reference types="vite/client" />

// node-postgres's own parameter serialisation (arrays, dates, buffers), untyped by @types/pg.
declare module "pg/lib/utils" {
  const utils: {
    prepareValue(value: unknown): string | Buffer | null | undefined;
    escapeLiteral(text: string): string;
  };
  export default utils;
}
