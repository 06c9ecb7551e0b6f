/**
 * The Node.js options the language server process runs with where Podscope starts it: the VS Code
 * client, and the benchmark, which measures what the client starts.
 *
 * `--max-semi-space-size=4` (MB): V8's young generation is three semi-spaces, 16 MB each by
 * default on 64-bit (heap/heap.cc, `max_semi_space_size_`), and a process's resident set keeps
 * them once they have grown. The server's garbage is short-lived (a parse, a validation), so a
 * smaller nursery costs little time and lowers the peak resident set (measured on the
 * benchmark's workloads for issue 20, peak RSS over a cold start, typing and re-validation: the
 * small Pod's from 90 to 83 MB, the 2,000-line file's from 117 to 97 MB, the 1 MB file's from
 * about 205 to 185 MB, its cold start within the noise). 1 MB saves a few MB more but costs
 * the 1 MB file's cold start 100-150 ms in garbage collection (each collection promotes more
 * of the parser's short-lived objects), and `--optimize-for-size` 400 ms. It cannot be set from
 * inside the process
 * (`v8.setFlagsFromString` comes after the heap is set up), so an editor that starts
 * `podscope-language-server` itself may pass it as `node --max-semi-space-size=4 …` (README).
 */
export const serverNodeOptions: readonly string[] = ['--max-semi-space-size=4'];
