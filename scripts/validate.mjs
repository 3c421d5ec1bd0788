#!/usr/bin/env node
// `npm run validate`: everything CI checks, in order, stopping at the first failure:
// lint (ESLint), formatting (Prettier), types (tsc), import rules (dependency-cruiser), then
// the README's test command (`npm test`). Arguments after `--` go to the test runner, e.g.
// `npm run validate -- --reporter=json --outputFile=results.json`.
// `--skip-tests` runs only the static checks (seconds, not minutes).
import { spawnSync } from 'node:child_process'

const args = process.argv.slice(2)
const skipTests = args.includes('--skip-tests')
const testArgs = args.filter((a) => a !== '--skip-tests')

const steps = [
  ['lint', ['run', 'lint']],
  ['format', ['run', 'format:check']],
  ['typecheck', ['run', 'typecheck']],
  ['import rules', ['run', 'lint:deps']],
  ...(skipTests ? [] : [['tests', ['test', ...(testArgs.length ? ['--', ...testArgs] : [])]]]),
]

const started = Date.now()
for (const [name, npmArgs] of steps) {
  const t0 = Date.now()
  console.log(`\n==> validate: ${name}`)
  const r = spawnSync('npm', npmArgs, { stdio: 'inherit' })
  const secs = ((Date.now() - t0) / 1000).toFixed(1)
  if (r.status !== 0) {
    console.error(`\nvalidate: ${name} failed after ${secs} s`)
    process.exit(r.status ?? 1)
  }
  console.log(`==> validate: ${name} passed in ${secs} s`)
}
console.log(`\nvalidate: all checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
