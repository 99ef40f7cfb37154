import type { Result, UserError } from "../bindings";

/** Thrown by `unwrap` so callers can `catch` a typed UserError. */
export class CommandError extends Error {
  constructor(readonly error: UserError) {
    super(error.message);
  }
}

/** Turns a command's `{status, data|error}` answer into a value or a thrown CommandError. */
export async function unwrap<T>(answer: Promise<Result<T, UserError>>): Promise<T> {
  const result = await answer;
  if (result.status === "error") throw new CommandError(result.error);
  return result.data;
}

/** The UserError behind anything a command threw. */
export function asUserError(thrown: unknown): UserError {
  if (thrown instanceof CommandError) return thrown.error;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { kind: "internal", message: `Something went wrong: ${message}`, solution: ["Try again."] };
}
