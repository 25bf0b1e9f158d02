// Runs in every test file's process (vitest setupFiles).
import { afterAll } from "vitest";
import { dropCreatedDatabases } from "./db";

// On the PostgreSQL pass each file made its own databases: they go when the file is done.
afterAll(dropCreatedDatabases);
