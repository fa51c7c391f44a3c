/** Runs the bench with `npm run bench`'s arguments; resolves with the Markdown table. */
export function runBench(argv?: string[], log?: (line: string) => void): Promise<string>;
