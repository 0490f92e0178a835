// Copies src/ to dist/ with a banner: a stand-in for a real compiler.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
for (const file of readdirSync('src')) {
  writeFileSync(`dist/${file}`, `// built ${new Date().toISOString()}\n${readFileSync(`src/${file}`, 'utf8')}`);
}
console.log(`built ${readdirSync('dist').length} file(s) into dist/`);
