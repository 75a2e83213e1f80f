// Where Prosody 0.12 does not do what the RFCs ask, as observed by this suite. Each entry is
// explained in README.md ("Known deviations"). Filled in from real runs, never guessed.
export const PROSODY_DEVIATIONS: Readonly<Record<string, string>> = {};
