/** Typed arrays that grow by doubling: the index keeps millions of numbers without per-number objects. */

type NumberArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

export function ensureCapacity<T extends NumberArray>(array: T, needed: number, make: (length: number) => T): T {
  if (needed <= array.length) return array;
  let length = Math.max(16, array.length);
  while (length < needed) length *= 2;
  const grown = make(length);
  grown.set(array as never);
  return grown;
}

/** An append-only list of int32 values (a posting list). */
export class IntList {
  values: Int32Array;
  length = 0;

  constructor(capacity = 2) {
    this.values = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.values.length) this.values = ensureCapacity(this.values, Math.max(2, this.length + 1), (n) => new Int32Array(n));
    this.values[this.length++] = value;
  }
}

/** Fields a word can be found in, best first (the order relevance ranks them): prompt 0, keywords 1, author 2. */
export const FIELD_PROMPT = 0;
export const FIELD_AUTHOR = 2;

/** A word's posting list: the documents containing it, and the best field it appears in for each. */
export class PostingList extends IntList {
  fields: Uint8Array;

  constructor(capacity = 2) {
    super(capacity);
    this.fields = new Uint8Array(capacity);
  }

  add(ordinal: number, field: number): void {
    this.push(ordinal);
    if (this.fields.length < this.values.length) this.fields = ensureCapacity(this.fields, this.values.length, (n) => new Uint8Array(n));
    this.fields[this.length - 1] = field;
  }
}
