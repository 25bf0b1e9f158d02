// autocannon ships no types (and @types/autocannon is not a dependency); the benchmark uses a
// small part of its programmatic API and reads its result loosely.
declare module "autocannon" {
  function autocannon(options: Record<string, unknown>): Promise<Record<string, any>> & { on(event: string, listener: (...args: any[]) => void): void };
  export default autocannon;
}
