import { EvidenceLevel } from '@robokit/api';
import { listValue } from '@duckdb/node-api';
import { query } from '../duckdb';
import { LeRobotInfo } from '../info';
import { normaliseNames } from '../names';
import { ColumnType, compareType, describeExpected, hasColumn, parseColumnType } from '../scan/column-types';
import { DatasetContext } from './dataset/context';
import { measure } from './episode';
import { Draft, hard, info as note } from './findings';

/**
 * schema_consistency (quality-metrics.md §1): every data file's columns, dtypes and nesting against the
 * non-video features of info.json (so files that match it match each other), and each feature's `names` against
 * its shape. What LeRobot cannot load (a declared column missing, another kind of value or nesting) and names
 * that do not fit the shape are HARD; what it loads by casting or ignoring (another float or int width, a column
 * info.json does not declare) is INFO. Row-level vector lengths need the values: non_finite counts the missing
 * elements of a short row, and the validation job checks every row's length.
 */

/**
 * The DuckDB types of each file's columns. One parquet_schema statement reads every footer (a DESCRIBE per file
 * costs ten times more), and one DESCRIBE per distinct footer layout gives the types, so files written alike cost
 * one statement in all. Unreadable files are left out: the frame pass reports them.
 */
async function columnTypes(locals: string[]): Promise<Map<string, Map<string, ColumnType>>> {
  const layouts = new Map<string, string[]>();
  try {
    const rows = await query('SELECT file_name, name, type, type_length, repetition_type, num_children, converted_type, logical_type FROM parquet_schema($files)', { files: listValue(locals) });
    const byFile = new Map<string, string[]>();
    for (const row of rows) {
      const file = String(row.file_name);
      const parts = byFile.get(file) ?? [];
      parts.push([row.name, row.type, row.type_length, row.repetition_type, row.num_children, row.converted_type, row.logical_type].join('|'));
      byFile.set(file, parts);
    }
    for (const [file, parts] of byFile) {
      const key = parts.join('\n');
      const alike = layouts.get(key);
      if (alike) alike.push(file);
      else layouts.set(key, [file]);
    }
  } catch {
    // One unreadable footer fails the statement: describe the files one by one.
    for (const local of locals) layouts.set(local, [local]);
  }
  const result = new Map<string, Map<string, ColumnType>>();
  for (const files of layouts.values()) {
    try {
      const described = await query('DESCRIBE SELECT * FROM read_parquet($file)', { file: files[0] });
      const types = new Map(described.map((row) => [String(row.column_name), parseColumnType(String(row.column_type))]));
      for (const file of files) result.set(file, types);
    } catch {
      continue;
    }
  }
  return result;
}

export interface SchemaFindings {
  /** Per data file (repo path). */
  files: Map<string, Draft[]>;
  dataset: Draft[];
}

export async function checkSchemas(info: LeRobotInfo, files: { path: string; local: string | null }[]): Promise<SchemaFindings> {
  const result: SchemaFindings = { files: new Map(), dataset: checkNames(info) };
  const readable = files.filter((file): file is { path: string; local: string } => file.local !== null);
  const types = readable.length > 0 ? await columnTypes(readable.map((file) => file.local)) : new Map<string, Map<string, ColumnType>>();
  for (const file of readable) {
    const columns = types.get(file.local);
    if (!columns) continue;
    const drafts = checkFile(file.path, columns, info);
    if (drafts.length > 0) result.files.set(file.path, drafts);
  }
  return result;
}

function checkFile(path: string, columns: Map<string, ColumnType>, info: LeRobotInfo): Draft[] {
  const drafts: Draft[] = [];
  const add = (draft: Draft) => drafts.push(draft);
  for (const [key, feature] of Object.entries(info.features)) {
    if (!hasColumn(feature)) continue;
    const type = columns.get(key);
    const declared = `${feature.dtype} ${JSON.stringify(feature.shape)}`;
    if (!type) {
      add(hard({ metric: 'schema_consistency', value: 1, feature: key, message: `${path} has no column "${key}", which info.json declares (${declared}).` }));
      continue;
    }
    const verdict = compareType(feature, type);
    if (verdict === 'wrong') {
      add(hard({ metric: 'schema_consistency', value: 1, feature: key, message: `Column "${key}" of ${path} is ${type.text}; info.json declares ${declared} (${describeExpected(feature)}), which LeRobot cannot cast it to.` }));
    } else if (verdict === 'precision') {
      add(note({ metric: 'schema_consistency', value: 1, feature: key, message: `Column "${key}" of ${path} holds ${type.text}; info.json declares ${feature.dtype}: LeRobot casts it when loading.` }));
    }
  }
  const undeclared = [...columns.keys()].filter((name) => !(name in info.features));
  if (undeclared.length > 0) {
    add(note({ metric: 'schema_consistency', value: undeclared.length, message: `${path} has column(s) info.json does not declare: ${undeclared.join(', ')}.` }));
  }
  return drafts;
}

/** A vector's `names` must name each element: otherwise every finding would name the wrong joint. */
function checkNames(info: LeRobotInfo): Draft[] {
  return Object.entries(info.features).flatMap(([key, feature]) => {
    const { names } = normaliseNames(feature.names);
    if (!hasColumn(feature) || !names || feature.shape.length !== 1 || names.length === feature.shape[0]) return [];
    return [hard({ metric: 'schema_consistency', value: names.length, threshold: feature.shape[0], feature: key, message: `Feature "${key}" has ${names.length} name(s) for shape [${feature.shape[0]}].` })];
  });
}

/** The episode's value: its file's schema faults (the dataset-wide ones flag no episode). */
export function measureSchemas(context: DatasetContext): void {
  for (const summary of context.summaries) {
    measure(summary, 'schema_consistency', summary.findings.filter((draft) => draft.metric === 'schema_consistency' && draft.level === EvidenceLevel.Hard).length);
  }
}
