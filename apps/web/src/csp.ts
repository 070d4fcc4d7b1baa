import { config } from "zod";

// The console runs under a Content-Security-Policy without 'unsafe-eval' (docs/OPERATIONS.md). Zod
// would otherwise probe `new Function` to compile its object parsers, and even that caught attempt is
// reported as a violation. Imported first by main.tsx, before any schema is built.
config({ jitless: true });
