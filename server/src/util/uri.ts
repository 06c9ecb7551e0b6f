/**
 * Document URIs as clients send them. Only a plain local `file:` URI has a path on this machine;
 * everything else (`untitled:`, `vscode-notebook-cell:`, a UNC host, an encoded slash, a broken
 * escape) is still a document to check, without the features that read files beside it.
 */
import { fileURLToPath } from 'node:url';

/**
 * The local path of a `file:` URI, or undefined. Never throws: `fileURLToPath` rejects a host
 * (ERR_INVALID_FILE_URL_HOST), an encoded `/` (ERR_INVALID_FILE_URL_PATH) and a malformed
 * percent escape (URIError), and so does `new URL` for text that is no URL at all.
 */
export function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) {
    return undefined;
  }
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The path part of a URI for matching globs: decoded where its escapes allow, else as it is. */
export function displayPath(uri: string): string {
  const local = localPath(uri);
  if (local !== undefined) {
    return local;
  }
  const path = uri.replace(/^file:\/\//, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
