/** The personkit version (the crate version, same as the npm package's). */
export function version(): string;
