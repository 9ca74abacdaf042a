/** A session (and its cookie) lives 7 days from sign-in at most, whatever happens in between. */
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
