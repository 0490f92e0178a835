/** Pipelines shared by the e2e tests, on the locally built busybox fixture image. */
export const BUSYBOX = 'localci-test/busybox:latest';

export interface SampleOptions {
  /** Makes the `unit` job fail with exit code 3. */
  failUnit?: boolean;
}

/** build → unit ‖ lint → deploy, with an artifact from build used by unit. */
export function fourJobConfig(options: SampleOptions = {}): string {
  const config = {
    image: BUSYBOX,
    pull: 'never',
    env: { GREETING: 'hello' },
    jobs: {
      build: {
        steps: ['mkdir -p dist && cat src/*.txt > dist/bundle.txt', 'echo "built $(wc -l < dist/bundle.txt) lines"'],
        artifacts: ['dist/'],
      },
      unit: {
        needs: ['build'],
        env: { GREETING: 'hi from unit' },
        steps: [
          'test -f dist/bundle.txt',
          'for i in $(seq 1 50); do echo "unit line $i"; done',
          'echo "$GREETING $CI $LOCALCI $CI_JOB_NAME $CI_PROJECT_DIR"',
          options.failUnit ? 'echo "unit is failing" >&2; exit 3' : 'echo unit passed',
        ],
      },
      lint: { needs: ['build'], steps: ['echo "$GREETING from lint"'] },
      // deploy needs build only through unit and lint: artifacts come from every upstream job.
      deploy: { needs: ['unit', 'lint'], steps: ['test -f dist/bundle.txt', 'echo deployed'] },
    },
  };
  return JSON.stringify(config, null, 2);
}

export function sampleFiles(options: SampleOptions = {}): Record<string, string> {
  return {
    'ci.config.json': fourJobConfig(options),
    'src/a.txt': 'alpha\n',
    'src/b.txt': 'beta\n',
    '.gitignore': 'node_modules/\n.env\n',
  };
}

/** Lines of plain output that belong to one job, without the `[job]` prefix. */
export function jobLines(output: string, job: string): string[] {
  const prefix = `[${job}]`;
  return output
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).trimStart());
}
