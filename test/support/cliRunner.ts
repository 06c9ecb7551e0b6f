import { runCli } from '../../server/src/cli/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export function runPodscope(...args: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}
