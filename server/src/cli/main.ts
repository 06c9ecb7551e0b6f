import { runCli } from './cli';
import { processIo } from './cliIo';
import { bundledCustomResourcesFor } from './lintCommand';

// `podscope explain` knows the bundled custom resources too (read only when a kind is not
// built in and not defined by a CRD below the current folder).
process.exitCode = runCli(process.argv.slice(2), processIo, {
  bundledCustomResources: bundledCustomResourcesFor(true),
});
