import { Routes } from '@angular/router';

export const DATASET_ROUTES: Routes = [
  {
    path: '',
    loadComponent: () => import('./dataset-shell.component').then((m) => m.DatasetShellComponent),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'overview' },
      { path: 'overview', title: 'Overview · RoboKit', loadComponent: () => import('./overview/overview.page').then((m) => m.OverviewPage) },
      { path: 'episodes', title: 'Episodes · RoboKit', loadComponent: () => import('./episodes/episodes.page').then((m) => m.EpisodesPage) },
      { path: 'episodes/:index', title: 'Episode · RoboKit', loadComponent: () => import('./episodes/viewer/episode-viewer.page').then((m) => m.EpisodeViewerPage) },
      { path: 'quality', title: 'Quality · RoboKit', loadComponent: () => import('./quality/quality.page').then((m) => m.QualityPage) },
      { path: 'validation', title: 'Validation · RoboKit', loadComponent: () => import('./validation/validation.page').then((m) => m.ValidationPage) },
      { path: 'jobs', title: 'Jobs · RoboKit', loadComponent: () => import('./jobs/jobs.page').then((m) => m.JobsPage) },
    ],
  },
];
