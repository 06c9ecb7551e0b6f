/**
 * The extension on the other side of the webview: typed messages both ways, and the state VS Code
 * keeps for the panel across reloads.
 */
import { type FromWebview, isToWebview, type ToWebview, type WebviewState } from './messages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  post(message: FromWebview): void;
  /** What `saveState` kept before a reload; unchecked. */
  savedState(): unknown;
  saveState(state: WebviewState): void;
}

/** The host of this webview. `acquireVsCodeApi` may be called once per page. */
export function connectHost(): Host {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    savedState: () => api.getState(),
    saveState: (state) => api.setState(state),
  };
}

/** Calls `listener` with each of our own, well-formed messages; anything else is dropped. */
export function onHostMessage(listener: (message: ToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (isToWebview(message)) {
      listener(message);
    }
  });
}
