/**
 * The simulator webview: renders the timeline the language server computed — a phase band, one
 * band per condition, one lane per container — with a time cursor, a kubectl-style status line,
 * the events, and the scenario controls. Everything from the manifest is rendered as text
 * (textContent), never as HTML.
 *
 * Modules: state.ts (what is shown, as JSON), host.ts (messages and saved state), timelineModel.ts
 * (the timeline as data, no DOM), timelineView.ts and detailsView.ts (the views),
 * scenarioForm.ts (the controls, built from the scenario's schema), panel.ts (puts them together).
 */
import { connectHost, onHostMessage } from './host';
import { SimulatorPanel } from './panel';
import { restoreState } from './state';

const host = connectHost();
const panel = new SimulatorPanel(document.getElementById('app')!, host, restoreState(host.savedState()));

onHostMessage((message) => panel.receive(message));

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => panel.render(), 100);
});

panel.render();
host.post({ type: 'ready' });
