/** A forward-only schema step. Never edit one that has shipped: add the next number instead. */
export interface Migration {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
}
