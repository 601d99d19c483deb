import { Routes } from '@angular/router';
import { signedInGuard } from './core/auth/signed-in.guard';

export const routes: Routes = [
  { path: 'sign-in', title: 'Sign in · RoboKit', loadComponent: () => import('./sign-in/sign-in.page').then((m) => m.SignInPage) },
  {
    path: '',
    // With sign-in on, every page that shows data needs a signed-in user.
    canActivateChild: [signedInGuard],
    children: [
      { path: '', pathMatch: 'full', title: 'Dashboard · RoboKit', loadComponent: () => import('./dashboard/dashboard.page').then((m) => m.DashboardPage) },
      { path: 'import', title: 'Import · RoboKit', loadComponent: () => import('./import/import.page').then((m) => m.ImportPage) },
      { path: 'datasets', title: 'Datasets · RoboKit', loadComponent: () => import('./datasets/datasets.page').then((m) => m.DatasetsPage) },
      { path: 'datasets/:id', loadChildren: () => import('./dataset/dataset.routes').then((m) => m.DATASET_ROUTES) },
    ],
  },
  // Hidden: the chart benchmark `npm run bench:web` opens; lazy, so it adds nothing to the initial bundle.
  { path: 'bench/chart', title: 'Chart benchmark · RoboKit', loadComponent: () => import('./dataset/episodes/viewer/chart-bench.page').then((m) => m.ChartBenchPage) },
  { path: '**', title: 'Not found · RoboKit', loadComponent: () => import('./shell/not-found.page').then((m) => m.NotFoundPage) },
];
