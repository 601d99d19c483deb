/** One line of a plot: one dimension of one feature. */
export interface EpisodeSeriesLine {
  feature: string;
  dimension: number;
  /** The joint name when the feature's `names` give one, else `<feature>[<dimension>]`. */
  name: string;
  values: number[];
}

export interface EpisodeVideoLink {
  camera: string;
  /** API URL of the video file (Range requests supported). */
  url: string;
  /** Where the episode starts and ends inside the file (v3.0 files hold many episodes). */
  startS: number;
  endS: number;
}

/** An episode's time series for plotting, decimated without losing peaks. */
export interface EpisodeSeries {
  episodeIndex: number;
  length: number;
  fps: number;
  durationS: number;
  tasks: string[];
  /** 'none' at full resolution, 'minmax' when each bucket of frames is reduced to its minimum and maximum. */
  decimation: 'none' | 'minmax';
  /** Frame index of every point; shared by all lines. */
  frames: number[];
  /** Seconds from the episode start of every point. */
  times: number[];
  lines: EpisodeSeriesLine[];
  videos: EpisodeVideoLink[];
}
