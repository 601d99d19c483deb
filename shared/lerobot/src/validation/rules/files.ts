import { Severity } from '@robokit/api';
import { noVideoEntry, videoCameraKeys } from '../../video-checks';
import { ValidationContext } from '../context';

// A Git LFS pointer is ~130 bytes of text; a real parquet or mp4 never is that small.
const POINTER_MAX_BYTES = 200;

/** Every file the metadata names exists in the repo, and is content rather than an LFS pointer (§7.3, §7.5). */
export async function checkFiles({ dataset, listing, files, findings }: ValidationContext): Promise<void> {
  const sizes = new Map(listing.map((file) => [file.path, file.size]));
  const dataFiles = new Set(dataset.episodes.map((episode) => episode.dataFile));
  for (const path of dataFiles) {
    if (!sizes.has(path)) {
      const episodes = dataset.episodes.filter((episode) => episode.dataFile === path).map((episode) => episode.index);
      findings.add('DATA_FILE_MISSING', Severity.Error, `Data file ${path} (episode ${episodes.slice(0, 5).join(', ')}${episodes.length > 5 ? ', …' : ''}) is not in the repo.`, { file: path, episode: episodes[0] });
    }
  }
  const cameras = videoCameraKeys(dataset.info);
  const videoFiles = new Map<string, { episode: number; feature: string }>();
  for (const episode of dataset.episodes) {
    for (const feature of cameras) {
      const video = episode.videos[feature];
      if (!video) {
        findings.add('VIDEO_MISSING', Severity.Error, noVideoEntry(episode.index, feature), { episode: episode.index, feature });
      } else if (!videoFiles.has(video.file)) {
        videoFiles.set(video.file, { episode: episode.index, feature });
      }
    }
  }
  for (const [path, first] of videoFiles) {
    if (!sizes.has(path)) {
      findings.add('VIDEO_MISSING', Severity.Error, `Video ${path} (camera ${first.feature}, episode ${first.episode}) is not in the repo, so its frames cannot be decoded.`, { file: path, ...first });
    }
  }
  for (const path of [...dataFiles, ...videoFiles.keys()]) {
    const size = sizes.get(path);
    if (size === undefined || size > POINTER_MAX_BYTES) continue;
    const text = (await files.readText(path).catch(() => null)) ?? '';
    if (text.startsWith('version https://git-lfs')) {
      findings.add('LFS_POINTER', Severity.Error, `${path} is a Git LFS pointer, not the file itself: it was pushed without LFS content.`, { file: path });
    }
  }
}
