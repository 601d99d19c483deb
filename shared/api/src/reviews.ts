/** A reviewer's call on one episode; an episode nobody reviewed counts as kept. */
export enum ReviewDecision {
  Keep = 'keep',
  Exclude = 'exclude',
}

export const REVIEW_NOTE_MAX_LENGTH = 2000;

/**
 * The kept episodes of a dataset in the form LeRobot's dataset tools take for `--episodes`, with the
 * exact commit they refer to (indices mean nothing at another commit).
 */
export interface ReviewExport {
  datasetId: string;
  repoId: string;
  commitSha: string;
  /** Episodes marked exclude, ascending. */
  excluded: number[];
  /** Every other episode of the dataset (kept or not reviewed), ascending. */
  episodes: number[];
}
