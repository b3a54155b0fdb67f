/**
 * The most one call of the contract may be given: what a user can mean, and far below what would keep
 * a handler busy for long (40,000 annotator names once held the host for 16 s). A bigger input is
 * refused by its schema as api/invalid-input naming the field, before any handler runs. Plain numbers
 * without zod, so that the renderer can use them too.
 */
export const INPUT_LIMITS = {
  /** Clips the library is sized for: a list of clips, a page of clips.list. */
  clips: 100_000,
  /** Files and folders given to one import. */
  paths: 100_000,
  /** A file or folder path (Linux's PATH_MAX). */
  pathChars: 4096,
  /** An annotator or user name, a model id. */
  nameChars: 64,
  /** A File_ID. */
  fileIdChars: 200,
  /** Annotators compared at once (ICC over clips × annotators, CCC over every pair of them). */
  annotators: 64,
  /** Model ids named at once; the default pack has six. */
  modelIds: 64,
  /** Labels files merged by one import (labels, partition, …). */
  labelsFiles: 16,
  /** Metadata keys one clips.list filters on at once. */
  metadataKeys: 16,
  /** Free text: a search. */
  textChars: 500,
} as const;
