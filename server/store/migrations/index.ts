// Numbered, append-only. Never edit a migration that has shipped: add the next one.
import { m0001 } from './0001-initial';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: Migration[] = [m0001];
