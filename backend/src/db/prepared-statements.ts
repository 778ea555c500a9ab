import type { Sql } from 'postgres';

/**
 * Statements with at most this many parameters are prepared (named, once per connection). Our statements pass a
 * batch as one JSON or array parameter, so their text does not depend on the data; only a list spread into
 * parameters (`in ($1, $2, …)`) makes a new text per length, and those stay unprepared above this bound, which
 * keeps the number of statements a connection holds bounded by the code.
 */
export const MAX_PREPARED_PARAMETERS = 16;

type UnsafeOptions = Parameters<Sql['unsafe']>[2];
type Callback<T> = (sql: T) => unknown;

/**
 * The postgres.js client drizzle is given, with its statements prepared.
 *
 * Drizzle runs `execute(sql)` unprepared, and postgres.js sends an unprepared statement that has parameters in two
 * steps: it asks the server for the parameter types, waits for the answer, then binds and executes — two round
 * trips, and the connection takes nothing else meanwhile, so statements issued together in a transaction (see
 * pipelined) went one after another. A prepared statement is described once per connection; after that it is bound
 * and executed in one message, and postgres.js writes the next statements behind it without waiting. An ingest
 * batch's fifteen-odd statements went from thirty sequential round trips to five groups sent at once (its
 * throughput is bound by the server's work under the tenant lock, so bench:ingest moved only within its noise).
 */
export function withPreparedStatements(client: Sql): Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, parameters: unknown[] = [], options: UnsafeOptions = {}) =>
          target.unsafe(query, parameters as never, {
            ...options,
            prepare: options?.prepare || (parameters.length > 0 && parameters.length <= MAX_PREPARED_PARAMETERS),
          });
      }
      // A transaction (and a savepoint inside it) hands its callback a client of its own: wrap that one too.
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const callback = args.pop() as Callback<Sql>;
          return (Reflect.get(target, property, receiver) as (...a: unknown[]) => unknown).apply(target, [
            ...args,
            (inner: Sql) => callback(withPreparedStatements(inner)),
          ]);
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
