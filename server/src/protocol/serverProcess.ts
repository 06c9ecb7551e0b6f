/**
 * The Node.js options the language server process runs with where Podscope starts it: the VS Code
 * client, and the benchmark, which measures what the client starts.
 *
 * `--max-semi-space-size=1` (MB): V8's young generation is three semi-spaces, 16 MB each by
 * default on 64-bit (heap/heap.cc, `max_semi_space_size_`), and a process's resident set keeps
 * them once they have grown. The server's garbage is short-lived (a parse, a validation), so a
 * smaller nursery costs little time and lowers the peak resident set (measured on the
 * benchmark's workloads for issue 20: the small Pod's from 93 to 85 MB, the 2,000-line file's
 * from 121 to 99 MB, the 1 MB file's first diagnostics from 204 to 165 MB, cold starts within
 * their noise). It cannot be set from inside the process
 * (`v8.setFlagsFromString` comes after the heap is set up), so an editor that starts
 * `podscope-language-server` itself may pass it as `node --max-semi-space-size=1 …` (README).
 */
export const serverNodeOptions: readonly string[] = ['--max-semi-space-size=1'];
