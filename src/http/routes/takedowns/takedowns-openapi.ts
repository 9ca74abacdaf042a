import { z } from 'zod';
import { counterNoticeSchema } from '../../../takedowns/takedown-input.ts';
import { artworkLinkSchema, creatorClaimResponseSchema, noticeReceiptSchema } from '../../../takedowns/takedown-dto.ts';
import { claimIdParamsSchema, creatorClaimSchema } from '../../../takedowns/creator-claim-input.ts';
import { transparencyReportSchema } from '../../../takedowns/transparency-report.ts';
import type { ApiOperation } from '../../openapi/api-operation.ts';
import { optOutBodySchema, removalBodySchema } from './takedown-claims.routes.ts';
import { confirmTokenSchema } from './takedown-notice.routes.ts';

const TAKEDOWNS = 'Takedowns';
const CLAIMS = 'Creator claims';
const withMessage = <T extends z.ZodObject>(schema: T) => schema.extend({ message: z.string().describe('What happened, in a sentence to show') });
const NOT_YOUR_CLAIM = 'No such claim on your account';
const VERIFIED_FIRST = 'Bad input, or the claim is not verified yet (`field` is `claim`)';

/** DMCA notices, counter-notices, creator claims and the transparency report, as the OpenAPI document describes them. */
export function takedownOperations(noticeSchema: z.ZodType): ApiOperation[] {
  return [
    {
      method: 'post',
      path: '/api/takedowns',
      tag: TAKEDOWNS,
      summary: 'Send a DMCA takedown notice (17 U.S.C. §512(c)(3)); it counts once confirmed from the mailed link',
      description: 'Every statutory element is required; `items` lists artwork page URLs or ids. A repeat of an open notice is merged into it.',
      access: 'public',
      body: noticeSchema,
      responses: { 202: { description: 'Received', schema: withMessage(noticeReceiptSchema) } },
      errors: { 429: 'Too many notices from this network or this address', 503: 'Notice intake is paused by the operator' },
    },
    {
      method: 'post',
      path: '/api/takedowns/confirm',
      tag: TAKEDOWNS,
      summary: 'Confirm a notice with the token of the mailed link',
      access: 'public',
      body: confirmTokenSchema,
      responses: { 200: { description: 'Confirmed and waiting for review', schema: withMessage(z.object({ reference: z.string() })) } },
      errors: { 404: 'The link is not valid (any more)' },
    },
    {
      method: 'post',
      path: '/api/takedowns/counter-notices',
      tag: TAKEDOWNS,
      summary: 'Send a counter-notice (§512(g)(3)) for an artwork removed under a notice; it counts once confirmed from the mailed link',
      access: 'public',
      body: counterNoticeSchema,
      responses: { 202: { description: 'Received', schema: withMessage(z.object({ status: z.literal('unconfirmed') })) } },
      errors: { 404: 'No artwork removed under a notice has this id', 409: 'A counter-notice for this artwork is already waiting', 429: 'Too many counter-notices from this network or this address' },
    },
    {
      method: 'post',
      path: '/api/takedowns/counter-notices/confirm',
      tag: TAKEDOWNS,
      summary: 'Confirm a counter-notice with the token of the mailed link; it goes to the claimant',
      access: 'public',
      body: confirmTokenSchema,
      responses: {
        200: {
          description: 'Confirmed: the artwork returns on `restoreAt` unless the claimant reports a lawsuit',
          schema: withMessage(z.object({ id: z.string(), artworkId: z.string(), restoreAt: z.iso.datetime() })),
        },
      },
      errors: { 404: 'The link is not valid (any more)', 409: 'A counter-notice for this artwork is already waiting' },
    },
    {
      method: 'get',
      path: '/api/transparency',
      tag: TAKEDOWNS,
      summary: 'Takedown notices, removals and restorations per month, and strikes per source',
      access: 'public',
      responses: { 200: { description: 'The report', schema: transparencyReportSchema } },
    },
    {
      method: 'get',
      path: '/api/creator-claims',
      tag: CLAIMS,
      summary: 'Your claims on source handles',
      access: 'session',
      responses: { 200: { description: 'The claims', schema: z.object({ claims: z.array(creatorClaimResponseSchema) }) } },
    },
    {
      method: 'post',
      path: '/api/creator-claims',
      tag: CLAIMS,
      summary: 'Claim a handle on a source: put the returned code on your profile there, then verify',
      access: 'session',
      body: creatorClaimSchema,
      responses: { 201: { description: 'The claim, with its code', schema: withMessage(creatorClaimResponseSchema) } },
    },
    {
      method: 'post',
      path: '/api/creator-claims/:id/verify',
      tag: CLAIMS,
      summary: 'Check that the code is on your profile page at the source',
      access: 'session',
      params: claimIdParamsSchema,
      responses: { 200: { description: 'Verified', schema: withMessage(creatorClaimResponseSchema) } },
      errors: { 400: 'A malformed id, no profile page known for the handle, or the code is not there yet', 404: NOT_YOUR_CLAIM },
    },
    {
      method: 'get',
      path: '/api/creator-claims/:id/artworks',
      tag: CLAIMS,
      summary: 'The indexed artworks of a verified handle',
      access: 'session',
      params: claimIdParamsSchema,
      responses: { 200: { description: 'The artworks', schema: z.object({ artworks: z.array(artworkLinkSchema) }) } },
      errors: { 400: VERIFIED_FIRST, 404: NOT_YOUR_CLAIM },
    },
    {
      method: 'post',
      path: '/api/creator-claims/:id/removals',
      tag: CLAIMS,
      summary: 'Remove chosen (or all) indexed artworks of a verified handle',
      access: 'session',
      params: claimIdParamsSchema,
      body: removalBodySchema,
      responses: { 200: { description: 'The ids removed', schema: withMessage(z.object({ removed: z.array(z.string()) })) } },
      errors: { 400: VERIFIED_FIRST, 404: NOT_YOUR_CLAIM },
    },
    {
      method: 'post',
      path: '/api/creator-claims/:id/opt-out',
      tag: CLAIMS,
      summary: 'Keep the crawler away from a verified handle’s work, or allow it again',
      access: 'session',
      params: claimIdParamsSchema,
      body: optOutBodySchema,
      responses: { 200: { description: 'The choice as stored', schema: withMessage(z.object({ optedOut: z.boolean() })) } },
      errors: { 400: VERIFIED_FIRST, 404: NOT_YOUR_CLAIM },
    },
  ];
}
