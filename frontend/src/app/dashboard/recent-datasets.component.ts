import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { Schemas } from '../core/api/api-client';
import { StatusChipComponent } from '../shared/status-chip.component';

/** The datasets imported last, with the state of their import. */
@Component({
  selector: 'rk-recent-datasets',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatTableModule, RouterLink, StatusChipComponent],
  template: `
    <div class="rk-table-scroll">
      <table mat-table [dataSource]="datasets()" aria-label="Recent datasets">
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef>Dataset</th>
          <td mat-cell *matCellDef="let dataset">
            <a [routerLink]="['/datasets', dataset.id]" class="rk-mono">{{ dataset.displayName ?? dataset.source.repoId }}</a>
          </td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Import</th>
          <td mat-cell *matCellDef="let dataset"><rk-status-chip [status]="dataset.status" /></td>
        </ng-container>
        <ng-container matColumnDef="episodes">
          <th mat-header-cell *matHeaderCellDef>Episodes</th>
          <td mat-cell *matCellDef="let dataset">{{ dataset.totalEpisodes ?? '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="robot">
          <th mat-header-cell *matHeaderCellDef>Robot</th>
          <td mat-cell *matCellDef="let dataset">{{ dataset.robotType ?? '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="created">
          <th mat-header-cell *matHeaderCellDef>Imported</th>
          <td mat-cell *matCellDef="let dataset">{{ dataset.createdAt | date: 'medium' }}</td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns()"></tr>
        <tr mat-row *matRowDef="let row; columns: columns()"></tr>
      </table>
    </div>
  `,
  styles: `
    table { width: 100%; }
    td a { overflow-wrap: anywhere; }
  `,
})
export class RecentDatasetsComponent {
  readonly datasets = input.required<Schemas['DatasetSummaryDto'][]>();
  readonly columns = input(['name', 'status', 'episodes', 'robot', 'created']);
}
