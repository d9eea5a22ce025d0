#!/usr/bin/env node
// Project rules that the type checker does not enforce. Exit status 1 on any violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const walk = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
const src = walk(join(root, 'src')).filter((f) => f.endsWith('.ts'));
const tests = walk(join(root, 'test')).filter((f) => f.endsWith('.ts'));
const problems = [];
const report = (file, line, msg) => problems.push(`${relative(root, file)}:${line}: ${msg}`);

const rules = [
  // Randomness and time are injected; only the clock and random modules touch the platform.
  { files: src, re: /\bMath\.random\s*\(/, msg: 'Math.random() in library code; use the injected RandomSource' },
  {
    files: src.filter((f) => !/src\/common\/(clock|random)\.ts$/.test(f) && !/src\/(cli|demo\/)/.test(relative(root, f))),
    re: /\bDate\.now\s*\(|\bperformance\.now\s*\(/,
    msg: 'wall-clock read in library code; use the injected Clock',
  },
  // The library runs in browsers: Node built-ins only in the CLI.
  { files: src.filter((f) => !f.endsWith('src/cli.ts')), re: /from\s+['"]node:|require\(['"]node:/, msg: 'Node built-in import outside src/cli.ts' },
  // ESM output needs explicit extensions on relative imports.
  { files: src, re: /from\s+['"]\.{1,2}\/[^'"]*(?<!\.js)['"]/, msg: 'relative import without .js extension' },
  // One explicit barrel.
  { files: [join(root, 'src/index.ts')], re: /export\s+\*/, msg: 'export * in the barrel; list exports by name' },
  // A skipped test proves nothing.
  { files: tests, re: /\b(it|test|describe)\.(skip|only|todo)\b/, msg: 'skipped or focused test' },
];

for (const rule of rules) {
  for (const file of rule.files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (text.trimStart().startsWith('//') || text.trimStart().startsWith('*')) return;
      if (rule.re.test(text)) report(file, i + 1, rule.msg);
    });
  }
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`lint: ${src.length} source and ${tests.length} test files clean`);
