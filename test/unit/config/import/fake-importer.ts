/** A tiny importer for tests of the framework: `*.fake.json` files hold a PipelineConfig and warnings. */
import { readdirSync, readFileSync } from 'node:fs';
import type { ImporterEntry, ImportRequest, ImportResult } from '../../../../src/config/import/importer.js';

export const fakeCalls: ImportRequest[] = [];

export const fakeImporter: ImporterEntry = {
  format: 'gitlab',
  label: 'Fake CI',
  detect: (dir) => {
    try {
      return readdirSync(dir).filter((name) => name.endsWith('.fake.json')).sort();
    } catch {
      return [];
    }
  },
  importer: async () => ({
    load: async (request): Promise<ImportResult> => {
      fakeCalls.push(request);
      const [file] = request.files;
      const content = JSON.parse(readFileSync(file!, 'utf8')) as { config: ImportResult['config']; warn?: string[]; images?: Record<string, string> };
      return {
        config: content.config,
        warnings: (content.warn ?? []).map((key) => ({ file: file!, path: ['jobs', key], message: 'ignored: not supported' })),
        files: request.files,
        ...(content.images ? { images: { rules: content.images, origin: 'fake defaults' } } : {}),
      };
    },
  }),
};
