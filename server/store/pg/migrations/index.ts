// PostgreSQL's migrations: numbered and append-only like SQLite's (../../migrations/), with numbers
// of their own. A SQLite migration that changes a table needs its PostgreSQL twin here:
// test/integration/pg-schema.test.ts compares both schemas and fails until it exists.
import { p0001 } from './0001-schema';
import { p0002 } from './0002-cluster';
import { p0003 } from './0003-word-counts';
import { p0004 } from './0004-search-recency';
import { p0005 } from './0005-shared-sign-in';
import { p0006 } from './0006-agent-active-chats';
import { p0007 } from './0007-lookup-indexes';
import { p0008 } from './0008-unpurged-indexes';
import { p0009 } from './0009-append-message';
import { p0010 } from './0010-word-counts-later';
import { p0011 } from './0011-customer-seen';
import { p0012 } from './0012-ticket-solved-at';

export interface PgMigration {
  version: number;
  name: string;
  up: string;
}

export const PG_MIGRATIONS: PgMigration[] = [p0001, p0002, p0003, p0004, p0005, p0006, p0007, p0008, p0009, p0010, p0011, p0012];
