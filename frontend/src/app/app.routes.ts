import { Routes } from '@angular/router';

export const routes: Routes = [
  { path: '**', title: 'Not found · RoboKit', loadComponent: () => import('./shell/not-found.page').then((m) => m.NotFoundPage) },
];
