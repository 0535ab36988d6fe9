import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.kino/', 'scratch/', 'studio/dist/'] },
  // AssemblyScript (compiled by `npm run build:wasm`, typechecked by asc): its types are not TypeScript's.
  { ignores: ['assembly/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The studio runs in the browser (studio/tsconfig.json typechecks it with the DOM library).
  { files: ['studio/src/**'], languageOptions: { globals: { ...globals.browser } } },
);
