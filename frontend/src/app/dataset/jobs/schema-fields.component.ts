import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { errorMessage, SchemaField, SchemaForm } from './schema-form';

/** One form field per schema field, of the kind its type calls for. */
@Component({
  selector: 'rk-schema-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatSlideToggleModule],
  templateUrl: './schema-fields.component.html',
  styleUrl: './schema-fields.component.scss',
})
export class SchemaFieldsComponent {
  readonly form = input.required<SchemaForm>();
  readonly group = input.required<FormGroup<Record<string, FormControl<unknown>>>>();

  protected readonly skipped = computed(() =>
    this.form()
      .skipped.map((field) => `${field.title} (${field.reason})`)
      .join('; '),
  );

  protected error(field: SchemaField): string | null {
    return errorMessage(field, this.group().controls[field.name].errors);
  }

  protected bounds(field: SchemaField): string {
    const low = field.minimum ?? field.exclusiveMinimum;
    const high = field.maximum ?? field.exclusiveMaximum;
    if (low === undefined && high === undefined) return '';
    if (low === undefined) return ` (at most ${high})`;
    if (high === undefined) return ` (at least ${low})`;
    return ` (${low} to ${high})`;
  }
}
