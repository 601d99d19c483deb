import type { LeRobotVersion } from './dataset-spec';
import { pyJsonDumps, type PyValue } from './py-json';

/**
 * README.md as LeRobot's `push_to_hub` creates it (`create_lerobot_dataset_card` + `card_template.md`, rendered
 * by huggingface_hub): YAML front matter re-serialised without the template's comments, empty optional fields,
 * info.json embedded with `json.dumps(indent=4)` (ensure_ascii on), and no final newline because Jinja drops it.
 * The v3.0-era template adds a "visualize this dataset" badge inside `{% if repo_id %}`; with no repo id (the
 * factory has none) only the blank lines around the block remain.
 */

/** `push_to_hub`'s default license. */
const LICENSE = 'apache-2.0';

export function datasetCard(info: PyValue, version: LeRobotVersion): string {
  return [
    '---',
    `license: ${LICENSE}`,
    'task_categories:',
    '- robotics',
    'tags:',
    '- LeRobot',
    'configs:',
    '- config_name: default',
    '  data_files: data/*/*.parquet',
    '---',
    '',
    'This dataset was created using [LeRobot](https://github.com/huggingface/lerobot).',
    '',
    ...(version === 'v3.0' ? ['', ''] : []),
    '## Dataset Description',
    '',
    '',
    '',
    '- **Homepage:** [More Information Needed]',
    '- **Paper:** [More Information Needed]',
    `- **License:** ${LICENSE}`,
    '',
    '## Dataset Structure',
    '',
    '[meta/info.json](meta/info.json):',
    '```json',
    pyJsonDumps(info, { indent: 4 }),
    '```',
    '',
    '',
    '## Citation',
    '',
    '**BibTeX:**',
    '',
    '```bibtex',
    '[More Information Needed]',
    '```',
  ].join('\n');
}
