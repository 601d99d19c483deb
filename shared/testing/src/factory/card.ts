import { pyJsonDumps, type PyValue } from './py-json';

/**
 * README.md as LeRobot's `push_to_hub` creates it (`create_lerobot_dataset_card` + `card_template.md` of the
 * v2.1 era, rendered by huggingface_hub): YAML front matter re-serialised without the template's comments,
 * empty optional fields, info.json embedded with `json.dumps(indent=4)` (ensure_ascii on), and no final newline
 * because Jinja drops it.
 */

/** `push_to_hub`'s default license. */
const LICENSE = 'apache-2.0';

export function datasetCard(info: PyValue): string {
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
