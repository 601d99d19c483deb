import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, linkedSignal, output, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { JobType } from '@robokit/api';
import { ApiClient, Schemas } from '../../core/api/api-client';
import { ApiProblem, toApiProblem } from '../../core/api/api-problem';
import { ProblemComponent } from '../../shared/problem.component';
import { DatasetContext, Job } from '../dataset-context';
import { jobTypeLabel } from '../job-labels';
import { applyServerErrors, buildFormGroup, formFromSchema, parametersOf } from './schema-form';
import { SchemaFieldsComponent } from './schema-fields.component';

type ParameterSchema = Schemas['ParameterSchemaDto'];

/** Past this many parameters the fields fold away behind their defaults. */
const FIELDS_SHOWN_OPEN = 6;

/** Starts a job of any type, its parameter fields built from the type's JSON Schema. */
@Component({
  selector: 'rk-start-job-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatSelectModule, MatButtonModule, MatIconModule, MatExpansionModule, MatProgressBarModule, ProblemComponent, SchemaFieldsComponent],
  templateUrl: './start-job-form.component.html',
  styleUrl: './start-job-form.component.scss',
})
export class StartJobFormComponent {
  /** The job the server queued, or the same work already queued (answered 200). */
  readonly started = output<{ job: Job; alreadyQueued: boolean }>();

  private readonly context = inject(DatasetContext);
  private readonly destroyRef = inject(DestroyRef);

  private readonly api = inject(ApiClient);
  private readonly schemas = rxResource({ stream: () => this.api.get('/api/v1/jobs/parameter-schemas', {}) });
  protected readonly types = computed(() => (this.schemas.hasValue() ? this.schemas.value().items : []));
  protected readonly schemasProblem = computed(() => {
    const error = this.schemas.error();
    return error ? toApiProblem(error) : null;
  });
  protected readonly loading = this.schemas.isLoading;

  protected readonly selectedType = linkedSignal<ParameterSchema[], `${JobType}` | null>({
    source: this.types,
    computation: (types, previous) => previous?.value ?? types.find((type) => type.type === JobType.Validation && type.available)?.type ?? types.find((type) => type.available)?.type ?? null,
  });
  protected readonly selected = computed(() => this.types().find((type) => type.type === this.selectedType()) ?? null);
  protected readonly form = computed(() => formFromSchema(this.selected()?.schema));
  protected readonly group = computed(() => buildFormGroup(this.form()));
  protected readonly foldFields = computed(() => this.form().fields.length > FIELDS_SHOWN_OPEN);

  protected readonly submitting = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  /** The server names a type it cannot run yet by its id only. */
  protected titleOf(type: ParameterSchema): string {
    return type.title === type.type ? jobTypeLabel(type.type) : type.title;
  }

  protected unavailableReason(type: ParameterSchema): string | null {
    if (!type.available) return type.description || 'Not available in this version.';
    return formFromSchema(type.schema).blocker;
  }

  protected retryLoad(): void {
    this.schemas.reload();
  }

  protected submit(): void {
    const type = this.selected();
    const group = this.group();
    if (!type || this.unavailableReason(type)) return;
    if (group.invalid) {
      group.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.problem.set(null);
    // The API answers the same work still in hand with that job rather than a new one.
    const active = new Set(this.context.activeJobs().keys());
    this.context
      .startJob(type.type, parametersOf(this.form(), group.getRawValue()))
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (job) => {
          this.submitting.set(false);
          this.started.emit({ job, alreadyQueued: active.has(job.id) });
        },
        error: (error: unknown) => {
          this.submitting.set(false);
          const problem = toApiProblem(error);
          applyServerErrors(group, problem.details);
          this.problem.set(problem);
        },
      });
  }
}
