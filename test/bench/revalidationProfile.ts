/**
 * Where a re-validation's time goes in podscope's server: a CPU profile of the server while the
 * harness types into the small Pod (a session of its own after the measured ones, so that the
 * profiler's cost is in none of the other figures), its samples between the first and the last
 * profiled keystroke sorted into the phases of a keystroke by the functions on their stacks.
 *
 * V8's profile and `process.hrtime` read the same monotonic clock (CLOCK_MONOTONIC on Linux), so
 * the harness's keystroke window selects the samples without any message to the server.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LanguageServerSession, type ServerSpec } from './languageServerSession';
import { summarize, type Summary } from './statistics';
import { revalidationKeystroke, type Workload } from './workloads';

/** The profiler's sampling interval, in microseconds. */
const samplingInterval = 100;

export interface ProfilePhase {
  readonly phase: string;
  /** Milliseconds of samples per keystroke. */
  readonly perKeystroke: number;
}

export interface RevalidationProfile {
  readonly keystrokes: number;
  /** The keystrokes' re-validation times in the profiled session. */
  readonly revalidation: Summary;
  /** The server's time on the CPU per keystroke, every phase together. */
  readonly busy: number;
  readonly phases: readonly ProfilePhase[];
  readonly samplingInterval: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * The phases, in the order a sample is tested against them: the first whose function is on the
 * sample's stack (or, for V8's own entries, is the sample) takes it.
 */
const phases: readonly { phase: string; functions: readonly string[] }[] = [
  { phase: 'Garbage collection', functions: ['(garbage collector)'] },
  // blockTokens and the Composer's compose make the parse of block-style YAML; parseAllDocuments
  // the parse of the rest (server/src/yaml/manifestFile.ts ParsedSegment).
  { phase: 'YAML parse of the edited document', functions: ['parseAllDocuments', 'blockTokens', 'compose'] },
  { phase: 'Schema check', functions: ['schemaDiagnostics'] },
  { phase: 'Rules, syntax and version checks', functions: ['validateDocument'] },
  { phase: "Workspace index (the document's objects)", functions: ['indexDocument'] },
  { phase: 'Checks across files', functions: ['checkWorkspace'] },
  { phase: 'Placing the diagnostics', functions: ['limitPlaced'] },
  { phase: 'Rest of the validation (segments, settings)', functions: ['doValidation', 'validationParts'] },
  { phase: 'Encoding and writing the publication', functions: ['sendDiagnostics', 'writeUtf8String'] },
  {
    phase: 'Reading the change (JSON-RPC, the document)',
    functions: ['onStreamRead', 'handleNotification', 'handleMessage'],
  },
  { phase: 'V8 and Node outside JavaScript', functions: ['(program)'] },
];
const otherPhase = 'Event loop, timers and the rest';

/** Sorts a profile's samples between `from` and `to` (µs, the profile's clock) into phases. */
export function phaseTimes(profile: CpuProfile, from: number, to: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const phaseOfNode = new Map<number, string | undefined>();
  const phaseOf = (id: number): string | undefined => {
    if (!phaseOfNode.has(id)) {
      const stack = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        stack.add(byId.get(at)!.callFrame.functionName);
      }
      const leaf = byId.get(id)!.callFrame.functionName;
      phaseOfNode.set(
        id,
        leaf === '(idle)'
          ? undefined
          : (phases.find(({ functions }) => functions.some((name) => stack.has(name)))?.phase ?? otherPhase),
      );
    }
    return phaseOfNode.get(id);
  };
  const times = new Map<string, number>();
  let time = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    time += profile.timeDeltas[index]!;
    // A sample stands for the time until the next one.
    const duration = profile.timeDeltas[index + 1] ?? 0;
    if (time < from || time > to) {
      continue;
    }
    const phase = phaseOf(profile.samples[index]!);
    if (phase !== undefined) {
      times.set(phase, (times.get(phase) ?? 0) + duration / 1000);
    }
  }
  return times;
}

/** Types `keystrokes` characters into the workload's file under a profiled server, and sorts. */
export async function profileRevalidation(
  workload: Workload,
  spec: ServerSpec,
  workspace: string,
  keystrokes: number,
): Promise<RevalidationProfile> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-profile-'));
  try {
    const profiled: ServerSpec = {
      ...spec,
      args: [
        '--cpu-prof',
        `--cpu-prof-dir=${directory}`,
        `--cpu-prof-interval=${samplingInterval}`,
        ...spec.args.filter((arg) => !arg.startsWith('--cpu-prof')),
      ],
    };
    const file = path.join(workspace, workload.fileName);
    fs.writeFileSync(file, workload.text);
    const uri = pathToFileURL(file).href;
    const session = await LanguageServerSession.start(profiled, pathToFileURL(workspace).href);
    const elapsed: number[] = [];
    let from = 0;
    let to = 0;
    try {
      const first = session.nextDiagnostics(uri);
      await session.open(uri, workload.text);
      await first;
      const warmup = Math.min(20, keystrokes);
      for (let edit = 0; edit < warmup + keystrokes; edit++) {
        if (edit === warmup) {
          from = Number(process.hrtime.bigint() / 1000n);
        }
        const { range, text } = revalidationKeystroke(workload, edit);
        const { elapsed: time } = await session.changeAndWaitForDiagnostics(uri, range, text);
        if (edit >= warmup) {
          elapsed.push(time);
        }
      }
      to = Number(process.hrtime.bigint() / 1000n);
    } finally {
      await session.stop();
    }
    const [profileFile] = fs.readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'));
    if (!profileFile) {
      throw new Error('The profiled server wrote no CPU profile.');
    }
    const profile = JSON.parse(fs.readFileSync(path.join(directory, profileFile), 'utf8')) as CpuProfile;
    const times = phaseTimes(profile, from, to);
    const perKeystroke = [...times]
      .map(([phase, total]) => ({ phase, perKeystroke: total / keystrokes }))
      .sort((left, right) => right.perKeystroke - left.perKeystroke);
    return {
      keystrokes,
      revalidation: summarize(elapsed),
      busy: perKeystroke.reduce((sum, { perKeystroke: time }) => sum + time, 0),
      phases: perKeystroke,
      samplingInterval,
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
