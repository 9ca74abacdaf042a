import { z } from 'zod';

/** An artwork's address (GET /api/artworks/:id, the MCP tool get_artwork). */
export const artworkIdSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a numeric artwork id') });
