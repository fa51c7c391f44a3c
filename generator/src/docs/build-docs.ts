export async function buildDocsSite(_root: string, _options: { log: (line: string) => void }): Promise<void> {}
