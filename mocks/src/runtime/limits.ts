/**
 * The bounds that keep every mock answer cheap and well-formed, whatever a request carries.
 * SECURITY.md (## Mocks) documents them; the tests in mocks/test/hostile-requests.test.ts prove them.
 */
export const MOCK_LIMITS = {
  /**
   * Largest request body read, in bytes (4 MiB): room for the largest documented request (a
   * batch of 2,000 items at about 2 KB each), and well below the 8 MiB string at
   * which a format regex overflows V8's backtracking stack. A larger body is answered with 413.
   * `MockOptions.maxBodyBytes` changes it.
   */
  maxBodyBytes: 4 * 1024 * 1024,
  /** Problems listed in one error message; the rest are counted ("… and 12 more"). */
  maxProblems: 20,
  /**
   * Longest string checked against a `format` (`uri`, `date-time`, `email` …). Those checks are
   * backtracking regexes whose cost grows faster than the length; a longer string fails the format.
   */
  maxFormatLength: 4096,
  /**
   * Values (array items, properties, scalars) up to which an invalid body or parameter group gets
   * every problem listed. Listing them all costs time quadratic in the number of problems (the
   * validator concatenates error arrays), so a larger invalid input reports its first problem only.
   */
  maxValuesForFullReport: 2000,
  /** Deepest nesting of a JSON body; deeper bodies are refused before validation recurses into them. */
  maxDepth: 64,
  /** Characters of a request value (content type, `Prefer` code) quoted back in an error message. */
  maxQuoted: 64,
} as const;
