/**
 * Container image references: `[registry[:port]/]repository[:tag][@digest]`. A colon before
 * the last `/` belongs to the registry's port, so `registry:5000/app` has no tag.
 */

export interface ImageReference {
  /** Everything before the tag and digest. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  return {
    repository: hasTag ? name.slice(0, colon) : name,
    tag: hasTag ? name.slice(colon + 1) : undefined,
    digest,
  };
}
