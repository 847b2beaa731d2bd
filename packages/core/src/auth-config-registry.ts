/**
 * The `auth` config shape of each provider, by provider name. Provider packages add their
 * entry by module augmentation, so the factory's config type knows a provider exactly when
 * its package is part of the program (`import '@osauth/aws'`):
 *
 * ```ts
 * declare module '@osauth/core' {
 *   interface ProviderConfigRegistry { vault: { provider: 'vault'; path: string } }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by augmentation
export interface ProviderConfigRegistry {}
