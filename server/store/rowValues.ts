// Values as either backend returns them, for the row mappers both share: SQLite gives a flag as
// 0/1 and a bigint as a number; PostgreSQL (node-postgres) a boolean and a string.

export type Flag = number | boolean;

export const isSet = (v: Flag): boolean => v === 1 || v === true;
