/** The bundle of the last build, when no file it was built from has changed since; else null. */
export function currentBundle(buildDir?: string): string | null;
/** Builds the bundle of src/cli.ts; answers its path. */
export function buildBundle(buildDir?: string): Promise<string>;
/** The text with every character outside ASCII written as a \\u escape (comments and regular expressions mean the same). */
export function asciiOnly(text: string): string;
/** Stack traces through the bundle name the TypeScript file and line, the source map read when first needed. */
export function mapStackTraces(bundle: string): void;
