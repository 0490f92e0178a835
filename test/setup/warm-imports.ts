/**
 * The unit project's workers share their modules (no isolation), so the config loader and its
 * libraries (schema, YAML, git helpers) are imported here once per worker, outside any test's
 * time limit, instead of inside whichever test happens to load a config first.
 */
await import('../../src/config/load.js');
