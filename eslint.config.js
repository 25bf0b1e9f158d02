import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".cache/**", "extensions/*/assets/**", "build/**", "app/generated/**", "node_modules/**", ".tools/**", ".data/**", "public/**", "test-results/**", "bench/results/**", "woocommerce-plugin/**", ".wp-test/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Wire-format fixtures and SDK payloads in tests are untyped JSON by nature.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
);
