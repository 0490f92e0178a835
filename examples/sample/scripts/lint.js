// Refuses tabs and trailing spaces in src/: a stand-in for a real linter.
import { readdirSync, readFileSync } from 'node:fs';

let problems = 0;
for (const file of readdirSync('src')) {
  readFileSync(`src/${file}`, 'utf8').split('\n').forEach((line, index) => {
    if (/\t| +$/.test(line)) {
      console.error(`src/${file}:${index + 1}: tab or trailing space`);
      problems += 1;
    }
  });
}
console.log(problems === 0 ? 'lint clean' : `${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
