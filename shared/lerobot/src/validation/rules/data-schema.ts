import { Severity } from '@robokit/api';
import { LeRobotInfo } from '../../info';
import { ColumnType, compareType, describeExpected, hasColumn } from '../../scan/column-types';
import { ShapeScan } from '../../scan/episode-scan';
import { FindingCollector } from '../findings';

/** A data file's columns against the non-video features of info.json (lerobot-format.md §4, §7.3). */
export function checkFileSchema(path: string, columns: Map<string, ColumnType>, info: LeRobotInfo, findings: FindingCollector): void {
  for (const [key, feature] of Object.entries(info.features)) {
    const location = { file: path, feature: key };
    const type = columns.get(key);
    if (!hasColumn(feature)) {
      if (type) {
        findings.add('DATA_COLUMN_UNDECLARED', Severity.Warning, `${path} has a column "${key}", but info.json declares ${key} as a video feature, whose frames live in mp4 files; LeRobot never reads that column.`, location);
      }
      continue;
    }
    if (!type) {
      findings.add('DATA_COLUMN_MISSING', Severity.Error, `${path} has no column "${key}", which info.json declares (${feature.dtype} ${JSON.stringify(feature.shape)}); LeRobot loads the parquet with the declared features and fails on it.`, location);
      continue;
    }
    const verdict = compareType(feature, type);
    if (verdict === 'wrong') {
      findings.add('DATA_COLUMN_TYPE', Severity.Error, `Column "${key}" of ${path} is ${type.text}, but info.json declares ${feature.dtype} with shape ${JSON.stringify(feature.shape)} (expected ${describeExpected(feature)}); LeRobot cannot cast it to the declared feature.`, location);
    } else if (verdict === 'precision') {
      findings.add('DATA_COLUMN_DTYPE', Severity.Warning, `Column "${key}" of ${path} holds ${type.text} values, but info.json declares ${feature.dtype} (${describeExpected(feature)}); LeRobot casts them when it loads the file, so the stored precision is not what the dataset says.`, location);
    }
  }
  for (const name of columns.keys()) {
    if (!(name in info.features)) {
      findings.add('DATA_COLUMN_UNDECLARED', Severity.Warning, `${path} has a column "${name}" that info.json does not declare; LeRobot's feature list (and every policy built from it) does not know it.`, { file: path, feature: name });
    }
  }
}

/** Rows of a list column whose length (or inner length) is not the declared shape. */
export function reportShape(path: string, episode: number | null, key: string, shape: number[], scan: ShapeScan, firstRow: number, findings: FindingCollector): void {
  const frames: [number, number] = [scan.firstRow - firstRow, scan.lastRow - firstRow];
  const what = scan.length === null ? 'is null' : shape.length === 1 ? `has ${scan.length} values` : `has ${scan.length} outer elements or an inner list of another length`;
  findings.add(
    'DATA_VECTOR_LENGTH',
    Severity.Error,
    `Column "${key}" of ${path}${episode === null ? '' : ` (episode ${episode})`}: ${scan.rows} row(s) do not have the declared shape ${JSON.stringify(shape)}; the first, at frame ${frames[0]}, ${what}. LeRobot stacks the rows into a fixed-size tensor and fails on them.`,
    { file: path, ...(episode === null ? {} : { episode }), frames, feature: key },
    scan.rows,
  );
}
