import { DOCUMENT } from '@angular/common';
import { effect, inject, Injectable, signal } from '@angular/core';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'robokit.theme';

/** Light, dark, or whatever the system prefers; remembered per browser. */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly document = inject(DOCUMENT);
  readonly choice = signal<ThemeChoice>(readChoice(this.document.defaultView?.localStorage));

  constructor() {
    effect(() => {
      const choice = this.choice();
      const root = this.document.documentElement;
      root.classList.toggle('theme-light', choice === 'light');
      root.classList.toggle('theme-dark', choice === 'dark');
      this.document.defaultView?.localStorage?.setItem(STORAGE_KEY, choice);
    });
  }

  cycle(): void {
    const order: ThemeChoice[] = ['system', 'light', 'dark'];
    this.choice.update((choice) => order[(order.indexOf(choice) + 1) % order.length]);
  }
}

function readChoice(storage: Storage | undefined): ThemeChoice {
  const stored = storage?.getItem(STORAGE_KEY);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}
