import { accountTableColumns, type AccountTables } from '../accounts/account-tables.ts';
import { apiKeyTableColumns, type ApiKeyTables } from '../api-keys/api-key-tables.ts';
import { analyticsTableColumns, type AnalyticsTables } from '../analytics/analytics-tables.ts';
import { artworkTableColumns, type ArtworkTables } from '../artworks/artwork-tables.ts';
import { authTableColumns, type AuthTables } from '../auth/auth-tables.ts';
import { billingTableColumns, type BillingTables } from '../billing/billing-tables.ts';
import { creditTableColumns, type CreditTables } from '../credits/credit-tables.ts';
import { galleryTableColumns, type GalleryTables } from '../gallery/gallery-tables.ts';
import { generationTableColumns, type GenerationTables } from '../generation/generation-tables.ts';
import { rateLimitTableColumns, type RateLimitTables } from '../rate-limits/rate-limit-tables.ts';
import { searchTableColumns, type SearchTables } from '../search/search-tables.ts';
import { securityLogTableColumns, type SecurityLogTables } from '../security-log/security-log-tables.ts';
import { takedownTableColumns, type TakedownTables } from '../takedowns/takedown-tables.ts';
import { crawlTableColumns, type CrawlTables } from '../../crawlers/crawl-tables.ts';
import { errorLogTableColumns, type ErrorLogTables } from '../errors-log/error-tables.ts';
import { metricsTableColumns, type MetricsTables } from '../metrics/metrics-tables.ts';
import { sourcePostTableColumns, type SourcePostTables } from '../../crawlers/recheck/source-post-tables.ts';
import type { TableColumns } from './column-types.ts';

/**
 * The one typed view of the PostgreSQL schema, gathered from each feature's `*-tables.ts`.
 * test/db/schema.test.ts compares `databaseColumns` with the migrated database.
 */
export interface Database
  extends ArtworkTables,
    SearchTables,
    CrawlTables,
    AccountTables,
    AuthTables,
    RateLimitTables,
    SecurityLogTables,
    GenerationTables,
    GalleryTables,
    TakedownTables,
    CreditTables,
    BillingTables,
    MetricsTables,
    ErrorLogTables,
    ApiKeyTables,
    AnalyticsTables,
    SourcePostTables {}

/** Every table's columns and whether each may be null, as the types above declare them. */
export const databaseColumns: TableColumns<Database> = {
  ...artworkTableColumns,
  ...searchTableColumns,
  ...crawlTableColumns,
  ...accountTableColumns,
  ...authTableColumns,
  ...rateLimitTableColumns,
  ...securityLogTableColumns,
  ...generationTableColumns,
  ...galleryTableColumns,
  ...takedownTableColumns,
  ...creditTableColumns,
  ...billingTableColumns,
  ...metricsTableColumns,
  ...errorLogTableColumns,
  ...apiKeyTableColumns,
  ...analyticsTableColumns,
  ...sourcePostTableColumns,
};
