// The tests' PostgreSQL is the soak's (one implementation): see bench/lib/postgres.ts.
export { startPostgres, type TestPostgres } from '../../bench/lib/postgres';
