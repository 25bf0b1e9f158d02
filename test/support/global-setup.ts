// Runs once before all test files. Route tests need the built server (`npm run build` runs first
// in scripts/test.sh); nothing else is shared between files.
export default function setup() {
  process.env.NODE_ENV = "test";
}
