import { defineConfig } from 'localci';

export default defineConfig({
  image: 'node:20',
  env: { NODE_ENV: 'test' },
  jobs: {
    build: { steps: ['npm run build'], artifacts: ['dist/'], inputs: ['src/**', 'scripts/build.js'] },
    unit: { needs: ['build'], steps: ['npm test'], inputs: ['src/**', 'test/**'] },
    lint: { needs: ['build'], steps: ['npm run lint'], inputs: ['src/**', 'scripts/lint.js'], allowFailure: true },
    deploy: { needs: ['unit', 'lint'], environment: 'staging', steps: ['node scripts/smoke.js'] },
  },
});
