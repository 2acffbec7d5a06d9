// Numbered, append-only. Never edit a migration that has shipped: add the next one.
import { m0001 } from './0001-initial';
import { m0002 } from './0002-transcripts';
import { m0003 } from './0003-cases';
import { m0004 } from './0004-routing';
import { m0005 } from './0005-read-state';
import { m0011 } from './0011-email-tickets';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0011];
