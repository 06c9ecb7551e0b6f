/**
 * Podscope's own LSP messages, defined once and imported by the server and the client.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Position, Range } from 'vscode-languageserver-types';
import type { Scenario, SimulationResult } from '../simulator/types';

/** Which document of a file to simulate: the one at a position, or by its index in the file. */
export type SimulationTarget = { position: Position } | { documentIndex: number };

export interface SimulateParams {
  textDocument: { uri: string };
  target: SimulationTarget;
  scenario: Scenario;
}

/** The simulated document, so that the client can follow it across edits. */
export interface SimulatedDocument {
  index: number;
  kind: string;
  name: string;
  /** The range of the whole document. */
  range: Range;
  /** Where each container is defined (its `name` value), by container name. */
  containers: Record<string, Range>;
}

export type SimulateResult =
  | { ok: true; result: SimulationResult; document: SimulatedDocument }
  | { ok: false; error: string };

export namespace SimulateRequest {
  export const method = 'podscope/simulate';
  /** Client → server: simulate the pod of one document with a scenario. */
  export const type = new RequestType<SimulateParams, SimulateResult, void>(method);
}

/** The client command a code lens runs: opens the simulator on a document of a file. */
export const simulateCommand = 'podscope.simulate';
