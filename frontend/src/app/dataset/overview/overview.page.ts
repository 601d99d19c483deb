import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { JobStatus } from '@robokit/api';
import { formatBytes } from '../../shared/format';
import { isActiveStatus } from '../../shared/job-status';
import { PollProblemComponent } from '../../shared/poll-problem.component';
import { DatasetContext } from '../dataset-context';
import { JobProgressComponent } from '../job-progress.component';
import { DetailsFormComponent } from './details-form.component';

const TASKS_SHOWN = 20;

/** What the dataset is: robot, timing, size, tasks, cameras and features, or the import's progress until they are known. */
@Component({
  selector: 'rk-overview-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DecimalPipe, RouterLink, MatTableModule, MatButtonModule, MatIconModule, JobProgressComponent, PollProblemComponent, DetailsFormComponent],
  templateUrl: './overview.page.html',
  styleUrl: './overview.page.scss',
})
export class OverviewPage {
  protected readonly context = inject(DatasetContext);
  protected readonly formatBytes = formatBytes;
  protected readonly dataset = this.context.dataset;
  protected readonly metadata = computed(() => this.dataset()?.metadata ?? null);
  protected readonly importJob = computed(() => this.context.status()?.value?.importJob ?? null);
  protected readonly importing = computed(() => {
    const status = this.context.importStatus();
    return status !== null && isActiveStatus(status);
  });
  protected readonly importFailed = computed(() => this.context.importStatus() === JobStatus.Failed || this.context.importStatus() === JobStatus.Cancelled);
  protected readonly showAllTasks = signal(false);
  protected readonly tasks = computed(() => {
    const tasks = this.metadata()?.tasks ?? [];
    return this.showAllTasks() ? tasks : tasks.slice(0, TASKS_SHOWN);
  });
  protected readonly editing = signal(false);
}
