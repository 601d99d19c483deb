import { EpisodeRecord } from '../../dataset';
import { measure } from '../episode';
import { fmt, info, risk } from '../findings';
import { listParameter } from '../parameters';
import { DatasetContext } from './context';

const words = (text: string) => text.trim().split(/\s+/).filter((word) => word !== '').length;

/** The task text of an episode: its tasks joined; null when the metadata names none. */
export function taskText(record: EpisodeRecord | null): string | null {
  return record && record.tasks.length > 0 ? record.tasks.join('; ') : null;
}

/**
 * task_label: missing, empty or placeholder texts, tasks with too few episodes and episodes their success flags
 * mark as failed (per episode); task imbalance, weak labelling and the success rate (dataset). Task counts come
 * from the metadata of every episode, sampled or not.
 */
export function flagTasks(context: DatasetContext): void {
  const { params, dataset } = context;
  const placeholders = new Set(['', ...listParameter(params.task_placeholders).map((text) => text.toLowerCase())]);
  const episodesOf = new Map<string, number>();
  for (const episode of dataset.episodes) for (const task of episode.tasks) episodesOf.set(task, (episodesOf.get(task) ?? 0) + 1);

  for (const summary of context.summaries) {
    const tasks = summary.record?.tasks ?? [];
    let issues = 0;
    const flag = (message: string) => {
      issues += 1;
      summary.findings.push(risk({ metric: 'task_label', value: 1, message }, 1));
    };
    if (tasks.length === 0) flag('The episode has no task label.');
    for (const task of tasks) {
      if (placeholders.has(task.trim().toLowerCase())) flag(`The task label "${task}" is a placeholder.`);
      else if ((episodesOf.get(task) ?? 0) < params.task_min_episodes) flag(`The task "${task}" has only ${episodesOf.get(task) ?? 0} episode(s) (fewer than ${params.task_min_episodes}).`);
    }
    if (context.success?.episodes.get(summary.index) === false) flag(`The episode is marked as failed: ${context.success.columns.join(' or ')} is true in none of its frames.`);
    measure(summary, 'task_label', issues);
  }
  noteSuccessRate(context);

  const counts = [...episodesOf.values()];
  if (counts.length >= 2) {
    const most = Math.max(...counts);
    const least = Math.min(...counts);
    if (most / least > params.task_imbalance) {
      context.findings.push(
        risk({ metric: 'task_label', value: most / least, threshold: params.task_imbalance, message: `Task imbalance: the most frequent task has ${most} episodes, the least ${least} (${fmt(most / least)} ×).` }, 0),
      );
    }
  }
  const single = dataset.episodes.length > 0 && dataset.episodes.every((episode) => episode.tasks.length === 1 && words(episode.tasks[0]) < params.task_min_words);
  if (single) {
    context.findings.push(
      risk({ metric: 'task_label', value: episodesOf.size, message: `Weak labelling: every episode carries one task of fewer than ${params.task_min_words} words.` }, 0),
    );
  }
}

/** The share of the analysed episodes their success flags mark as successful, and the failed ones. */
function noteSuccessRate(context: DatasetContext): void {
  const { success } = context;
  if (!success) return;
  const known = context.summaries.filter((summary) => success.episodes.has(summary.index));
  if (known.length === 0) return;
  const failed = known.filter((summary) => !success.episodes.get(summary.index)).map((summary) => summary.index);
  const rate = (known.length - failed.length) / known.length;
  const listed = failed.slice(0, 20).join(', ') + (failed.length > 20 ? ', …' : '');
  context.findings.push(
    info({
      metric: 'task_label',
      value: rate,
      message: `Success rate ${fmt(100 * rate)} % (${known.length - failed.length} of ${known.length} episodes by ${success.columns.join(' or ')})${failed.length > 0 ? `; failed: ${listed}` : ''}.`,
    }),
  );
}
