// Numbered, append-only. Never edit a migration that has shipped: add the next one.
import { m0001 } from './0001-initial';
import { m0002 } from './0002-transcripts';
import { m0003 } from './0003-cases';
import { m0004 } from './0004-routing';
import { m0005 } from './0005-read-state';
import { m0009 } from './0009-ratings';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

// 0006–0008 are other engineers' migrations of this round (issue 9 split the work); until their
// branches merge, these stand in so that versions stay contiguous here. MERGE: replace with theirs.
const reserved = (version: number): Migration => ({ version, name: `reserved-${version}`, up: '' });

export const MIGRATIONS: Migration[] = [m0001, m0002, m0003, m0004, m0005, reserved(6), reserved(7), reserved(8), m0009];
