// Numbered, append-only. Never edit a migration that has shipped: add the next one.
import { m0001 } from './0001-initial';
import { m0002 } from './0002-transcripts';
import { m0003 } from './0003-cases';
import { m0004 } from './0004-routing';
import { m0005 } from './0005-read-state';
import { m0006 } from './0006-identity';
import { m0008 } from './0008-privacy';
import { m0009 } from './0009-ratings';
import { m0010 } from './0010-brand-settings';
import { m0011 } from './0011-email-tickets';
import { m0012 } from './0012-search-index-pending';
import { m0013 } from './0013-search-word-counts';
import { m0014 } from './0014-session-lock';
import { m0015 } from './0015-agent-active-chats';
import { m0016 } from './0016-lookup-indexes';
import { m0017 } from './0017-unpurged-indexes';
import { m0018 } from './0018-customer-seen';
import { m0019 } from './0019-ticket-solved-at';

export interface Migration {
  version: number;
  name: string;
  up: string;
  /** Rebuilds a table other tables reference: run with foreign keys off, checked before commit. */
  rebuildsTables?: boolean;
}

export const MIGRATIONS: Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015, m0016, m0017, m0018, m0019];
