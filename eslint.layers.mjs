// @ts-check
// The layers of the code, checked by ESLint: each folder of server/src may import only the
// folders listed for it (and itself); an upward import fails `npm run lint`. docs/ARCHITECTURE.md
// explains each folder. The top-level files (server.ts, main.ts) and server/scripts may import
// anything; the client may import only what is shared with it.

/** The features' foundations: what the service, the validation pipeline and the CLI build on. */
const core = ['common', 'util', 'yaml', 'catalog', 'schema', 'kubernetes'];

/** Folder of server/src → the folders of server/src it may import. */
export const serverLayers = {
  common: [],
  util: ['common'],
  yaml: ['common', 'util'],
  catalog: ['common', 'util', 'yaml'],
  schema: ['common', 'util', 'yaml', 'catalog'],
  kubernetes: ['common', 'util', 'yaml', 'catalog', 'schema'],
  rules: [...core],
  simulator: ['common', 'util', 'yaml', 'kubernetes'],
  // Messages shared with the client: the simulator's result types travel in them.
  protocol: ['common', 'util', 'simulator'],
  // The objects of the workspace and the references between them.
  workspace: [...core],
  validation: [...core, 'rules'],
  service: [...core, 'rules', 'simulator', 'protocol', 'validation', 'workspace'],
  // Host policy reads the project's files with the core's readers (kustomizations).
  config: ['common', 'util', 'kubernetes'],
  transport: ['common', 'util'],
  cli: [...core, 'rules', 'simulator', 'protocol', 'validation', 'service', 'config', 'workspace'],
};

/** What the client (the extension and the webview) may import from server/src: pure, shared code. */
export const clientShared = ['protocol', 'simulator', 'common'];

const folders = Object.keys(serverLayers);

/**
 * The rule that forbids relative imports matching `regex`.
 * @param {string} regex
 * @param {string} message
 */
function restrict(regex, message) {
  return { 'no-restricted-imports': ['error', { patterns: [{ regex, message }] }] };
}

/** One ESLint config block per layer. */
export const layerConfigs = [
  ...folders.map((folder) => {
    const allowed = serverLayers[/** @type {keyof typeof serverLayers} */ (folder)];
    const forbidden = folders.filter((other) => other !== folder && !allowed.includes(other));
    return {
      files: [`server/src/${folder}/**/*.ts`],
      rules: restrict(
        // A relative import that climbs out of the folder into a forbidden one.
        `^(?:\\.\\./)+(?:${forbidden.join('|')})(?:/|$)`,
        `server/src/${folder} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in server/src'} (docs/ARCHITECTURE.md, eslint.layers.mjs).`,
      ),
    };
  }),
  {
    files: ['client/src/**/*.ts'],
    rules: restrict(
      `^(?:\\.\\./)+server/src/(?!(?:${clientShared.join('|')})/)`,
      `The client may import from server/src only ${clientShared.join(', ')}: the rest is the server's (docs/ARCHITECTURE.md).`,
    ),
  },
];
