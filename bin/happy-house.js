#!/usr/bin/env node
// The happy-house CLI. Runs the TypeScript sources directly through tsx's loader (a devDependency,
// installed by `npm ci`): no build step, one process.
let register
try {
  ;({ register } = await import('tsx/esm/api'))
} catch {
  process.stderr.write('happy-house: the CLI needs the tsx package (a devDependency): run `npm ci` in the repository first\n')
  process.exit(70)
}
register()
const { main } = await import('../src/main/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
