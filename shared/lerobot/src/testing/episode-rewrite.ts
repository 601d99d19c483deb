import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { column, query } from '../duckdb';

/**
 * Injects a defect into one episode's rows, whatever the layout: in v2.x the episode is a file of its own, in
 * v3.0 a run of rows in a file it shares. Replacement expressions see the row's columns (`frame_index`, …) and
 * apply to the episode's rows only; the rows keep their order.
 */
export class EpisodeRewriter {
  constructor(private readonly dir: string) {}

  /** Repo path of the data file that holds the episode. */
  async fileOf(episode: number): Promise<string> {
    const rows = await query('SELECT DISTINCT filename FROM read_parquet($glob, filename = true) WHERE episode_index = $episode', {
      glob: join(this.dir, 'data/**/*.parquet'),
      episode,
    });
    if (rows.length !== 1) throw new Error(`episode ${episode} is in ${rows.length} data files`);
    return String(rows[0].filename).slice(this.dir.length + 1);
  }

  /** The value of a column at one frame of the episode, as an SQL subquery (to hold a pose). */
  async rowAt(episode: number, name: string, frame: number): Promise<string> {
    return `(SELECT ${column(name)} FROM read_parquet('${join(this.dir, await this.fileOf(episode))}') WHERE episode_index = ${episode} AND frame_index = ${frame})`;
  }

  /** Replaces columns of the episode's rows by SQL expressions; `joins` adds tables the expressions may use. */
  async rewrite(episode: number, replace: Record<string, string>, joins = ''): Promise<void> {
    const file = join(this.dir, await this.fileOf(episode));
    const replaced = Object.entries(replace).map(([name, expression]) => `CASE WHEN t.episode_index = ${episode} THEN ${expression} ELSE t.${column(name)} END AS ${column(name)}`);
    await query(`COPY (SELECT t.* REPLACE (${replaced.join(', ')}) FROM read_parquet($file) t ${joins} ORDER BY t."index") TO '${file}.new' (FORMAT parquet)`, { file });
    await rename(`${file}.new`, file);
  }

  /** Gives the episode the signals of another episode of the same length (an exact duplicate). */
  async copySignals(episode: number, from: number, names: string[]): Promise<void> {
    const source = join(this.dir, await this.fileOf(from));
    const picked = names.map((name, k) => `${column(name)} AS s${k}`).join(', ');
    const joined = `LEFT JOIN (SELECT frame_index AS s_frame, ${picked} FROM read_parquet('${source}') WHERE episode_index = ${from}) s ON s.s_frame = t.frame_index`;
    await this.rewrite(episode, Object.fromEntries(names.map((name, k) => [name, `s.s${k}`])), joined);
  }
}
