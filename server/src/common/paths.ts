/** A path into a YAML document or its data: map keys and sequence indexes, from the root. */
export type PathSegment = string | number;
